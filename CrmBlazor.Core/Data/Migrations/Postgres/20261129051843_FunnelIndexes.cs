using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmBlazor.Core.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class FunnelIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Deals_PipelineId_CreatedAt",
                table: "Deals");

            migrationBuilder.AddColumn<int>(
                name: "FurthestOpenStageSort",
                table: "Deals",
                type: "integer",
                nullable: true);

            // Existing deals: the furthest open stage from their history (and their current stage), in portable SQL.
            migrationBuilder.Sql("""
                UPDATE "Deals" SET "FurthestOpenStageSort" = (
                    SELECT MAX(s."Sort") FROM "DealStageChanges" c JOIN "Stages" s ON s."Id" = c."ToStageId"
                    WHERE c."DealId" = "Deals"."Id" AND s."Kind" = 0 AND s."PipelineId" = "Deals"."PipelineId");
                UPDATE "Deals" SET "FurthestOpenStageSort" = (SELECT s."Sort" FROM "Stages" s WHERE s."Id" = "Deals"."StageId")
                WHERE EXISTS (SELECT 1 FROM "Stages" s WHERE s."Id" = "Deals"."StageId" AND s."Kind" = 0
                    AND ("Deals"."FurthestOpenStageSort" IS NULL OR s."Sort" > "Deals"."FurthestOpenStageSort"));
                """);

            migrationBuilder.CreateIndex(
                name: "IX_DealStageChanges_ChangedAt",
                table: "DealStageChanges",
                column: "ChangedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Deals_Funnel",
                table: "Deals",
                columns: new[] { "PipelineId", "StageId", "FurthestOpenStageSort", "Currency", "CreatedAt", "ResponsibleUserId", "Amount" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_DealStageChanges_ChangedAt",
                table: "DealStageChanges");

            migrationBuilder.DropIndex(
                name: "IX_Deals_Funnel",
                table: "Deals");

            migrationBuilder.DropColumn(
                name: "FurthestOpenStageSort",
                table: "Deals");

            migrationBuilder.CreateIndex(
                name: "IX_Deals_PipelineId_CreatedAt",
                table: "Deals",
                columns: new[] { "PipelineId", "CreatedAt" });
        }
    }
}
