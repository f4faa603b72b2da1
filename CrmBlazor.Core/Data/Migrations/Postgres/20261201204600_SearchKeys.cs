using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CrmBlazor.Core.Data.Migrations.Postgres
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
                type: "bigint",
                nullable: false,
                oldClrType: typeof(int),
                oldType: "integer")
                .OldAnnotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn);

            // Hand-written SQL (decision 019): the rows get their kind's keys.
            migrationBuilder.Sql("UPDATE \"SearchEntries\" SET \"Id\" = (\"Kind\"::bigint << 32) | \"ElementId\";");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The keys do not fit the former column: the rows go, and the start-up rebuilds the index.
            migrationBuilder.Sql("DELETE FROM \"SearchEntries\";");
            migrationBuilder.AlterColumn<int>(
                name: "Id",
                table: "SearchEntries",
                type: "integer",
                nullable: false,
                oldClrType: typeof(long),
                oldType: "bigint")
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn);
        }
    }
}
