using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CrmBlazor.Core.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class FunnelRollup : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DealFunnelDays",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PipelineId = table.Column<int>(type: "integer", nullable: false),
                    StageId = table.Column<int>(type: "integer", nullable: false),
                    FurthestOpenStageSort = table.Column<int>(type: "integer", nullable: true),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    ResponsibleUserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    Count = table.Column<int>(type: "integer", nullable: false),
                    AmountHigh = table.Column<long>(type: "bigint", nullable: false),
                    AmountLow = table.Column<decimal>(type: "numeric(38,4)", precision: 38, scale: 4, nullable: false),
                    Merged = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DealFunnelDays", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DealFunnelDays_PipelineId_Day",
                table: "DealFunnelDays",
                columns: new[] { "PipelineId", "Day" });

            migrationBuilder.CreateIndex(
                name: "IX_DealFunnelDays_Unmerged",
                table: "DealFunnelDays",
                columns: new[] { "PipelineId", "Day" },
                filter: "NOT \"Merged\"");

            // The roll-up is kept by the database, in the transaction of every change to a deal, whatever made it
            // (decision 004), the day being the UTC day of the creation. Only inserts: a change adds a row of what it
            // adds (and one of what it takes away, negative), so concurrent writers never wait on a shared row (an
            // upsert's row lock held to the commit serialised every writer of one key and could deadlock a bulk
            // writer against a move); FunnelRollupCompactor merges each key's rows in the background.
            migrationBuilder.Sql("""
                CREATE FUNCTION deals_funnel_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP IN ('UPDATE', 'DELETE') THEN
                        INSERT INTO "DealFunnelDays" ("PipelineId", "StageId", "FurthestOpenStageSort", "Currency", "Day", "ResponsibleUserId", "Count", "AmountHigh", "AmountLow", "Merged")
                        VALUES (OLD."PipelineId", OLD."StageId", OLD."FurthestOpenStageSort", OLD."Currency", (OLD."CreatedAt" AT TIME ZONE 'UTC')::date, OLD."ResponsibleUserId", -1, 0, -OLD."Amount", false);
                    END IF;
                    IF TG_OP IN ('UPDATE', 'INSERT') THEN
                        INSERT INTO "DealFunnelDays" ("PipelineId", "StageId", "FurthestOpenStageSort", "Currency", "Day", "ResponsibleUserId", "Count", "AmountHigh", "AmountLow", "Merged")
                        VALUES (NEW."PipelineId", NEW."StageId", NEW."FurthestOpenStageSort", NEW."Currency", (NEW."CreatedAt" AT TIME ZONE 'UTC')::date, NEW."ResponsibleUserId", 1, 0, NEW."Amount", false);
                    END IF;
                    RETURN NULL;
                END
                $$;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "Deals_funnel" AFTER INSERT OR DELETE ON "Deals" FOR EACH ROW EXECUTE FUNCTION deals_funnel_rollup();
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "Deals_funnel_au" AFTER UPDATE OF "PipelineId", "StageId", "FurthestOpenStageSort", "Currency", "CreatedAt", "ResponsibleUserId", "Amount" ON "Deals"
                FOR EACH ROW WHEN (OLD."PipelineId" IS DISTINCT FROM NEW."PipelineId" OR OLD."StageId" IS DISTINCT FROM NEW."StageId"
                    OR OLD."FurthestOpenStageSort" IS DISTINCT FROM NEW."FurthestOpenStageSort" OR OLD."Currency" IS DISTINCT FROM NEW."Currency"
                    OR OLD."CreatedAt" IS DISTINCT FROM NEW."CreatedAt" OR OLD."ResponsibleUserId" IS DISTINCT FROM NEW."ResponsibleUserId"
                    OR OLD."Amount" IS DISTINCT FROM NEW."Amount")
                EXECUTE FUNCTION deals_funnel_rollup();
                """);
            migrationBuilder.Sql("""
                INSERT INTO "DealFunnelDays" ("PipelineId", "StageId", "FurthestOpenStageSort", "Currency", "Day", "ResponsibleUserId", "Count", "AmountHigh", "AmountLow", "Merged")
                SELECT "PipelineId", "StageId", "FurthestOpenStageSort", "Currency", ("CreatedAt" AT TIME ZONE 'UTC')::date, "ResponsibleUserId", COUNT(*), 0, SUM("Amount"), true
                FROM "Deals"
                GROUP BY "PipelineId", "StageId", "FurthestOpenStageSort", "Currency", ("CreatedAt" AT TIME ZONE 'UTC')::date, "ResponsibleUserId";
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER "Deals_funnel_au" ON "Deals";""");
            migrationBuilder.Sql("""DROP TRIGGER "Deals_funnel" ON "Deals";""");
            migrationBuilder.Sql("DROP FUNCTION deals_funnel_rollup();");
            migrationBuilder.DropTable(
                name: "DealFunnelDays");
        }
    }
}
