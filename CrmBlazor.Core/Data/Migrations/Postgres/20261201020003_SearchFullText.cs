using CrmBlazor.Core.Data.Postgres;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmBlazor.Core.Data.Migrations.Postgres
{
    /// <summary>
    /// Hand-written SQL only (decision 019): pg_trgm (a trusted extension: the database owner may create it) and a GIN
    /// trigram index on SearchEntries.Text, which answers LIKE '%term%' for terms of three characters or more.
    /// </summary>
    [DbContext(typeof(PostgresCrmDbContext))]
    [Migration("20261201020003_SearchFullText")]
    public partial class SearchFullText : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("CREATE EXTENSION IF NOT EXISTS pg_trgm;");
            migrationBuilder.Sql("CREATE INDEX \"IX_SearchEntries_Text_trgm\" ON \"SearchEntries\" USING gin (\"Text\" gin_trgm_ops);");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX IF EXISTS \"IX_SearchEntries_Text_trgm\";");
        }
    }
}
