using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmBlazor.Core.Data.Migrations
{
    /// <summary>
    /// Hand-written SQL only (decision 019): the FTS5 trigram table over SearchEntries.Text (an external-content
    /// table, no second copy of the text) and the triggers that keep it in step with every insert, update and delete
    /// of SearchEntries, inside the same transaction.
    /// </summary>
    [DbContext(typeof(CrmDbContext))]
    [Migration("20261201015942_SearchFullText")]
    public partial class SearchFullText : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("CREATE VIRTUAL TABLE SearchFts USING fts5(Text, content='SearchEntries', content_rowid='Id', tokenize='trigram');");
            migrationBuilder.Sql("CREATE TRIGGER SearchEntries_ai AFTER INSERT ON SearchEntries BEGIN INSERT INTO SearchFts(rowid, Text) VALUES (new.Id, new.Text); END;");
            migrationBuilder.Sql("CREATE TRIGGER SearchEntries_ad AFTER DELETE ON SearchEntries BEGIN INSERT INTO SearchFts(SearchFts, rowid, Text) VALUES ('delete', old.Id, old.Text); END;");
            migrationBuilder.Sql("CREATE TRIGGER SearchEntries_au AFTER UPDATE ON SearchEntries BEGIN INSERT INTO SearchFts(SearchFts, rowid, Text) VALUES ('delete', old.Id, old.Text); INSERT INTO SearchFts(rowid, Text) VALUES (new.Id, new.Text); END;");
            migrationBuilder.Sql("INSERT INTO SearchFts(SearchFts) VALUES ('rebuild');");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS SearchEntries_au;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS SearchEntries_ad;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS SearchEntries_ai;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS SearchFts;");
        }
    }
}
