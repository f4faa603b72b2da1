using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmBlazor.Core.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Round9 : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Leads_CreatedAt",
                table: "Leads");

            migrationBuilder.DropIndex(
                name: "IX_Leads_DeletedAt",
                table: "Leads");

            migrationBuilder.DropIndex(
                name: "IX_Leads_ResponsibleUserId_Status",
                table: "Leads");

            migrationBuilder.DropIndex(
                name: "IX_Leads_Status_CreatedAt",
                table: "Leads");

            migrationBuilder.DropIndex(
                name: "IX_Contacts_DeletedAt",
                table: "Contacts");

            migrationBuilder.DropIndex(
                name: "IX_Companies_DeletedAt",
                table: "Companies");

            migrationBuilder.CreateIndex(
                name: "IX_Leads_CreatedAt",
                table: "Leads",
                column: "CreatedAt",
                filter: "\"DeletedAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Leads_DeletedAt",
                table: "Leads",
                column: "DeletedAt",
                filter: "\"DeletedAt\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Leads_ResponsibleUserId_Status",
                table: "Leads",
                columns: new[] { "ResponsibleUserId", "Status" },
                filter: "\"DeletedAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Leads_Status_CreatedAt",
                table: "Leads",
                columns: new[] { "Status", "CreatedAt" },
                filter: "\"DeletedAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_DeletedAt",
                table: "Contacts",
                column: "DeletedAt",
                filter: "\"DeletedAt\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Companies_DeletedAt",
                table: "Companies",
                column: "DeletedAt",
                filter: "\"DeletedAt\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Leads_CreatedAt",
                table: "Leads");

            migrationBuilder.DropIndex(
                name: "IX_Leads_DeletedAt",
                table: "Leads");

            migrationBuilder.DropIndex(
                name: "IX_Leads_ResponsibleUserId_Status",
                table: "Leads");

            migrationBuilder.DropIndex(
                name: "IX_Leads_Status_CreatedAt",
                table: "Leads");

            migrationBuilder.DropIndex(
                name: "IX_Contacts_DeletedAt",
                table: "Contacts");

            migrationBuilder.DropIndex(
                name: "IX_Companies_DeletedAt",
                table: "Companies");

            migrationBuilder.CreateIndex(
                name: "IX_Leads_CreatedAt",
                table: "Leads",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Leads_DeletedAt",
                table: "Leads",
                column: "DeletedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Leads_ResponsibleUserId_Status",
                table: "Leads",
                columns: new[] { "ResponsibleUserId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Leads_Status_CreatedAt",
                table: "Leads",
                columns: new[] { "Status", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_DeletedAt",
                table: "Contacts",
                column: "DeletedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Companies_DeletedAt",
                table: "Companies",
                column: "DeletedAt");
        }
    }
}
