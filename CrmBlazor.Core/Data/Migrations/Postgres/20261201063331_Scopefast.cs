using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmBlazor.Core.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Scopefast : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Deals_StageId_ResponsibleUserId_Currency_Amount",
                table: "Deals",
                columns: new[] { "StageId", "ResponsibleUserId", "Currency", "Amount" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Deals_StageId_ResponsibleUserId_Currency_Amount",
                table: "Deals");
        }
    }
}
