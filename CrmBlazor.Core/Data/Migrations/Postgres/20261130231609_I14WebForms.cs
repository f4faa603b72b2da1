using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CrmBlazor.Core.Data.Migrations.Postgres
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
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Referrer",
                table: "Leads",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "UtmCampaign",
                table: "Leads",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "UtmContent",
                table: "Leads",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "UtmMedium",
                table: "Leads",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "UtmSource",
                table: "Leads",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "UtmTerm",
                table: "Leads",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "WebFormName",
                table: "Leads",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "WebForms",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Slug = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    IsActive = table.Column<bool>(type: "boolean", nullable: false),
                    ConsentTextEn = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    ConsentTextPl = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    PrivacyPolicyUrl = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    ThankYouEn = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    ThankYouPl = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    RedirectUrl = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    RoundRobinNext = table.Column<int>(type: "integer", nullable: false),
                    DuplicateMode = table.Column<int>(type: "integer", nullable: false),
                    AllowedOrigins = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    WidgetColor = table.Column<string>(type: "character varying(7)", maxLength: 7, nullable: false),
                    WidgetPosition = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedById = table.Column<string>(type: "text", nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedById = table.Column<string>(type: "text", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WebForms", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "WebFormField",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    WebFormId = table.Column<int>(type: "integer", nullable: false),
                    Sort = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    LabelEn = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    LabelPl = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    PlaceholderEn = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    PlaceholderPl = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Required = table.Column<bool>(type: "boolean", nullable: false),
                    Hidden = table.Column<bool>(type: "boolean", nullable: false),
                    HiddenValue = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
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
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    WebFormId = table.Column<int>(type: "integer", nullable: false),
                    Sort = table.Column<int>(type: "integer", nullable: false),
                    UserId = table.Column<string>(type: "text", nullable: false)
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    WebFormId = table.Column<int>(type: "integer", nullable: false),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Outcome = table.Column<int>(type: "integer", nullable: false),
                    Source = table.Column<int>(type: "integer", nullable: false),
                    ElementKind = table.Column<int>(type: "integer", nullable: true),
                    ElementId = table.Column<int>(type: "integer", nullable: true),
                    PageUrl = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Referrer = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    ConsentText = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    ConsentAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
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
