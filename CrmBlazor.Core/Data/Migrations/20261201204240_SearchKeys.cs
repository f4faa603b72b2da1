using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmBlazor.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class SearchKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<long>(
                name: "Id",
                table: "SearchEntries",
                type: "INTEGER",
                nullable: false,
                oldClrType: typeof(int),
                oldType: "INTEGER")
                .OldAnnotation("Sqlite:Autoincrement", true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Nothing: on SQLite an INTEGER key holds an int as well, and SearchKeysFullText's Down has emptied the
            // index, which the start-up rebuilds with generated keys. Rebuilding the table here would drop its triggers.
        }
    }
}
