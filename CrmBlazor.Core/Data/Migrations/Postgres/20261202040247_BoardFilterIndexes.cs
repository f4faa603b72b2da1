using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmBlazor.Core.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class BoardFilterIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Deals_ClosedAt",
                table: "Deals");

            migrationBuilder.DropIndex(
                name: "IX_Activities_ElementKind_ElementId_State_Deadline",
                table: "Activities");

            migrationBuilder.DropIndex(
                name: "IX_Activities_State_Deadline",
                table: "Activities");

            migrationBuilder.CreateIndex(
                name: "IX_Deals_BoardFilters",
                table: "Deals",
                columns: new[] { "StageId", "Currency", "Amount", "ResponsibleUserId", "CreatedAt", "StageEnteredAt", "ClosedAt", "ContactId", "CompanyId" });

            migrationBuilder.CreateIndex(
                name: "IX_Deals_ClosedAt",
                table: "Deals",
                column: "ClosedAt",
                filter: "\"ClosedAt\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Activities_ElementKind_ElementId_State_Deadline_DeletedAt",
                table: "Activities",
                columns: new[] { "ElementKind", "ElementId", "State", "Deadline", "DeletedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Activities_State_Deadline_ElementKind_ElementId_DeletedAt",
                table: "Activities",
                columns: new[] { "State", "Deadline", "ElementKind", "ElementId", "DeletedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Deals_BoardFilters",
                table: "Deals");

            migrationBuilder.DropIndex(
                name: "IX_Deals_ClosedAt",
                table: "Deals");

            migrationBuilder.DropIndex(
                name: "IX_Activities_ElementKind_ElementId_State_Deadline_DeletedAt",
                table: "Activities");

            migrationBuilder.DropIndex(
                name: "IX_Activities_State_Deadline_ElementKind_ElementId_DeletedAt",
                table: "Activities");

            migrationBuilder.CreateIndex(
                name: "IX_Deals_ClosedAt",
                table: "Deals",
                column: "ClosedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Activities_ElementKind_ElementId_State_Deadline",
                table: "Activities",
                columns: new[] { "ElementKind", "ElementId", "State", "Deadline" });

            migrationBuilder.CreateIndex(
                name: "IX_Activities_State_Deadline",
                table: "Activities",
                columns: new[] { "State", "Deadline" });
        }
    }
}
