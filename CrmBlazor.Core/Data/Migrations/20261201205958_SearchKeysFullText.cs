using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmBlazor.Core.Data.Migrations
{
    /// <summary>
    /// Hand-written SQL only (decision 019), after <see cref="SearchKeys"/> rebuilt the SearchEntries table (which
    /// dropped the triggers of <see cref="SearchFullText"/>): every row gets its kind's key (so the full-text match
    /// is narrowed to a kind by rowid), the FTS5 index is rebuilt over the new keys, and the triggers come back.
    /// </summary>
    public partial class SearchKeysFullText : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS SearchEntries_au;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS SearchEntries_ad;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS SearchEntries_ai;");
            migrationBuilder.Sql("UPDATE SearchEntries SET Id = (Kind << 32) | ElementId;");
            migrationBuilder.Sql("INSERT INTO SearchFts(SearchFts) VALUES ('rebuild');");
            Triggers(migrationBuilder);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The keys do not fit the former model's int: the rows go, and the start-up rebuilds the index.
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS SearchEntries_au;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS SearchEntries_ad;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS SearchEntries_ai;");
            migrationBuilder.Sql("DELETE FROM SearchEntries;");
            migrationBuilder.Sql("INSERT INTO SearchFts(SearchFts) VALUES ('delete-all');");
            Triggers(migrationBuilder);
        }

        private static void Triggers(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("CREATE TRIGGER SearchEntries_ai AFTER INSERT ON SearchEntries BEGIN INSERT INTO SearchFts(rowid, Text) VALUES (new.Id, new.Text); END;");
            migrationBuilder.Sql("CREATE TRIGGER SearchEntries_ad AFTER DELETE ON SearchEntries BEGIN INSERT INTO SearchFts(SearchFts, rowid, Text) VALUES ('delete', old.Id, old.Text); END;");
            migrationBuilder.Sql("CREATE TRIGGER SearchEntries_au AFTER UPDATE ON SearchEntries BEGIN INSERT INTO SearchFts(SearchFts, rowid, Text) VALUES ('delete', old.Id, old.Text); INSERT INTO SearchFts(rowid, Text) VALUES (new.Id, new.Text); END;");
        }
    }
}
