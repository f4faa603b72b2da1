using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmBlazor.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class I14WebForms : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "PageUrl",
                table: "Leads",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Referrer",
                table: "Leads",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "UtmCampaign",
                table: "Leads",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "UtmContent",
                table: "Leads",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "UtmMedium",
                table: "Leads",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "UtmSource",
                table: "Leads",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "UtmTerm",
                table: "Leads",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "WebFormName",
                table: "Leads",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "WebForms",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Slug = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    IsActive = table.Column<bool>(type: "INTEGER", nullable: false),
                    ConsentTextEn = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    ConsentTextPl = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    PrivacyPolicyUrl = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    ThankYouEn = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    ThankYouPl = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    RedirectUrl = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    RoundRobinNext = table.Column<int>(type: "INTEGER", nullable: false),
                    DuplicateMode = table.Column<int>(type: "INTEGER", nullable: false),
                    AllowedOrigins = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    WidgetColor = table.Column<string>(type: "TEXT", maxLength: 7, nullable: false),
                    WidgetPosition = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedById = table.Column<string>(type: "TEXT", nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedById = table.Column<string>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WebForms", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "WebFormField",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    WebFormId = table.Column<int>(type: "INTEGER", nullable: false),
                    Sort = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    LabelEn = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    LabelPl = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    PlaceholderEn = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    PlaceholderPl = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Required = table.Column<bool>(type: "INTEGER", nullable: false),
                    Hidden = table.Column<bool>(type: "INTEGER", nullable: false),
                    HiddenValue = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WebFormField", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WebFormField_WebForms_WebFormId",
                        column: x => x.WebFormId,
                        principalTable: "WebForms",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "WebFormResponsible",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    WebFormId = table.Column<int>(type: "INTEGER", nullable: false),
                    Sort = table.Column<int>(type: "INTEGER", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WebFormResponsible", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WebFormResponsible_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_WebFormResponsible_WebForms_WebFormId",
                        column: x => x.WebFormId,
                        principalTable: "WebForms",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "WebFormSubmissions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    WebFormId = table.Column<int>(type: "INTEGER", nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Outcome = table.Column<int>(type: "INTEGER", nullable: false),
                    Source = table.Column<int>(type: "INTEGER", nullable: false),
                    ElementKind = table.Column<int>(type: "INTEGER", nullable: true),
                    ElementId = table.Column<int>(type: "INTEGER", nullable: true),
                    PageUrl = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Referrer = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    ConsentText = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    ConsentAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WebFormSubmissions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WebFormSubmissions_WebForms_WebFormId",
                        column: x => x.WebFormId,
                        principalTable: "WebForms",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_WebFormField_WebFormId",
                table: "WebFormField",
                column: "WebFormId");

            migrationBuilder.CreateIndex(
                name: "IX_WebFormResponsible_UserId",
                table: "WebFormResponsible",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_WebFormResponsible_WebFormId",
                table: "WebFormResponsible",
                column: "WebFormId");

            migrationBuilder.CreateIndex(
                name: "IX_WebForms_Slug",
                table: "WebForms",
                column: "Slug",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_WebFormSubmissions_WebFormId_At",
                table: "WebFormSubmissions",
                columns: new[] { "WebFormId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_WebFormSubmissions_WebFormId_Outcome",
                table: "WebFormSubmissions",
                columns: new[] { "WebFormId", "Outcome" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "WebFormField");

            migrationBuilder.DropTable(
                name: "WebFormResponsible");

            migrationBuilder.DropTable(
                name: "WebFormSubmissions");

            migrationBuilder.DropTable(
                name: "WebForms");

            migrationBuilder.DropColumn(
                name: "PageUrl",
                table: "Leads");

            migrationBuilder.DropColumn(
                name: "Referrer",
                table: "Leads");

            migrationBuilder.DropColumn(
                name: "UtmCampaign",
                table: "Leads");

            migrationBuilder.DropColumn(
                name: "UtmContent",
                table: "Leads");

            migrationBuilder.DropColumn(
                name: "UtmMedium",
                table: "Leads");

            migrationBuilder.DropColumn(
                name: "UtmSource",
                table: "Leads");

            migrationBuilder.DropColumn(
                name: "UtmTerm",
                table: "Leads");

            migrationBuilder.DropColumn(
                name: "WebFormName",
                table: "Leads");
        }
    }
}
