using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmBlazor.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class BoardScopeIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Deals_StageId_Currency_Amount",
                table: "Deals");

            migrationBuilder.DropIndex(
                name: "IX_Deals_StageId_Rank",
                table: "Deals");

            migrationBuilder.CreateIndex(
                name: "IX_Deals_StageId_Currency_Amount_ResponsibleUserId",
                table: "Deals",
                columns: new[] { "StageId", "Currency", "Amount", "ResponsibleUserId" });

            migrationBuilder.CreateIndex(
                name: "IX_Deals_StageId_Rank_ResponsibleUserId",
                table: "Deals",
                columns: new[] { "StageId", "Rank", "ResponsibleUserId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Deals_StageId_Currency_Amount_ResponsibleUserId",
                table: "Deals");

            migrationBuilder.DropIndex(
                name: "IX_Deals_StageId_Rank_ResponsibleUserId",
                table: "Deals");

            migrationBuilder.CreateIndex(
                name: "IX_Deals_StageId_Currency_Amount",
                table: "Deals",
                columns: new[] { "StageId", "Currency", "Amount" });

            migrationBuilder.CreateIndex(
                name: "IX_Deals_StageId_Rank",
                table: "Deals",
                columns: new[] { "StageId", "Rank" });
        }
    }
}
