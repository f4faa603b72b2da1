using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace CrmBlazor.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class Round8 : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "JunkReasonId",
                table: "Leads",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "SourceId",
                table: "Leads",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "StatusId",
                table: "Leads",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "LeadOptions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    List = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    NamePl = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Sort = table.Column<int>(type: "INTEGER", nullable: false),
                    IsActive = table.Column<bool>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LeadOptions", x => x.Id);
                });

            migrationBuilder.InsertData(
                table: "LeadOptions",
                columns: new[] { "Id", "IsActive", "Kind", "List", "Name", "NamePl", "Sort", "Version" },
                values: new object[,]
                {
                    { 1, true, 0, 0, "New", "Nowy", 0, 0 },
                    { 2, true, 1, 0, "In progress", "W toku", 1, 0 },
                    { 3, true, 1, 0, "Processed", "Przetworzony", 2, 0 },
                    { 4, true, 3, 0, "Converted", "Skonwertowany", 3, 0 },
                    { 5, true, 4, 0, "Junk", "Śmieciowy", 4, 0 },
                    { 11, true, 0, 1, "Manual", "Ręcznie", 0, 0 },
                    { 12, true, 1, 1, "Import", "Import", 1, 0 },
                    { 13, true, 2, 1, "Web form", "Formularz WWW", 2, 0 },
                    { 14, true, 3, 1, "Site widget", "Widżet na stronie", 3, 0 },
                    { 15, true, 4, 1, "E-mail", "E-mail", 4, 0 },
                    { 16, true, 5, 1, "Call", "Telefon", 5, 0 },
                    { 17, true, 6, 1, "Other", "Inne", 6, 0 },
                    { 21, true, 0, 2, "Duplicate", "Duplikat", 0, 0 },
                    { 22, true, 1, 2, "No interest", "Brak zainteresowania", 1, 0 },
                    { 23, true, 2, 2, "Spam", "Spam", 2, 0 },
                    { 24, true, 3, 2, "Wrong contact details", "Błędne dane kontaktowe", 3, 0 },
                    { 25, true, 4, 2, "Other", "Inny powód", 4, 0 }
                });

            // The leads there were keep their status, source and junk reason as the seeded options (decision 030).
            LeadOptionMigration.MapExistingLeads(migrationBuilder);

            migrationBuilder.CreateIndex(
                name: "IX_TimelineEntries_RelatedKind_RelatedId",
                table: "TimelineEntries",
                columns: new[] { "RelatedKind", "RelatedId" });

            migrationBuilder.CreateIndex(
                name: "IX_Leads_JunkReasonId",
                table: "Leads",
                column: "JunkReasonId");

            migrationBuilder.CreateIndex(
                name: "IX_Leads_SourceId",
                table: "Leads",
                column: "SourceId");

            migrationBuilder.CreateIndex(
                name: "IX_Leads_StatusId",
                table: "Leads",
                column: "StatusId");

            migrationBuilder.CreateIndex(
                name: "IX_LeadOptions_List_Sort",
                table: "LeadOptions",
                columns: new[] { "List", "Sort" });

            migrationBuilder.AddForeignKey(
                name: "FK_Leads_LeadOptions_JunkReasonId",
                table: "Leads",
                column: "JunkReasonId",
                principalTable: "LeadOptions",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_Leads_LeadOptions_SourceId",
                table: "Leads",
                column: "SourceId",
                principalTable: "LeadOptions",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_Leads_LeadOptions_StatusId",
                table: "Leads",
                column: "StatusId",
                principalTable: "LeadOptions",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Leads_LeadOptions_JunkReasonId",
                table: "Leads");

            migrationBuilder.DropForeignKey(
                name: "FK_Leads_LeadOptions_SourceId",
                table: "Leads");

            migrationBuilder.DropForeignKey(
                name: "FK_Leads_LeadOptions_StatusId",
                table: "Leads");

            migrationBuilder.DropTable(
                name: "LeadOptions");

            migrationBuilder.DropIndex(
                name: "IX_TimelineEntries_RelatedKind_RelatedId",
                table: "TimelineEntries");

            migrationBuilder.DropIndex(
                name: "IX_Leads_JunkReasonId",
                table: "Leads");

            migrationBuilder.DropIndex(
                name: "IX_Leads_SourceId",
                table: "Leads");

            migrationBuilder.DropIndex(
                name: "IX_Leads_StatusId",
                table: "Leads");

            migrationBuilder.DropColumn(
                name: "JunkReasonId",
                table: "Leads");

            migrationBuilder.DropColumn(
                name: "SourceId",
                table: "Leads");

            migrationBuilder.DropColumn(
                name: "StatusId",
                table: "Leads");
        }
    }
}
