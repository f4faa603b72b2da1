using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CrmBlazor.Core.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Fields : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CustomFields",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    EntityKind = table.Column<int>(type: "integer", nullable: false),
                    Code = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    Type = table.Column<int>(type: "integer", nullable: false),
                    NameEn = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    NamePl = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    HelpText = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    IsRequired = table.Column<bool>(type: "boolean", nullable: false),
                    IsMultiple = table.Column<bool>(type: "boolean", nullable: false),
                    DefaultValue = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    Sort = table.Column<int>(type: "integer", nullable: false),
                    ShowInList = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedById = table.Column<string>(type: "text", nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedById = table.Column<string>(type: "text", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CustomFields", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CustomFieldOption",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    FieldId = table.Column<int>(type: "integer", nullable: false),
                    Label = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Sort = table.Column<int>(type: "integer", nullable: false),
                    IsDefault = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CustomFieldOption", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CustomFieldOption_CustomFields_FieldId",
                        column: x => x.FieldId,
                        principalTable: "CustomFields",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CompanyFieldValue",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CompanyId = table.Column<int>(type: "integer", nullable: false),
                    FieldId = table.Column<int>(type: "integer", nullable: false),
                    Text = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    Number = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: true),
                    Date = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    OptionId = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CompanyFieldValue", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CompanyFieldValue_Companies_CompanyId",
                        column: x => x.CompanyId,
                        principalTable: "Companies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_CompanyFieldValue_CustomFieldOption_OptionId",
                        column: x => x.OptionId,
                        principalTable: "CustomFieldOption",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_CompanyFieldValue_CustomFields_FieldId",
                        column: x => x.FieldId,
                        principalTable: "CustomFields",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ContactFieldValue",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ContactId = table.Column<int>(type: "integer", nullable: false),
                    FieldId = table.Column<int>(type: "integer", nullable: false),
                    Text = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    Number = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: true),
                    Date = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    OptionId = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ContactFieldValue", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ContactFieldValue_Contacts_ContactId",
                        column: x => x.ContactId,
                        principalTable: "Contacts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ContactFieldValue_CustomFieldOption_OptionId",
                        column: x => x.OptionId,
                        principalTable: "CustomFieldOption",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ContactFieldValue_CustomFields_FieldId",
                        column: x => x.FieldId,
                        principalTable: "CustomFields",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DealFieldValue",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    DealId = table.Column<int>(type: "integer", nullable: false),
                    FieldId = table.Column<int>(type: "integer", nullable: false),
                    Text = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    Number = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: true),
                    Date = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    OptionId = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DealFieldValue", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DealFieldValue_CustomFieldOption_OptionId",
                        column: x => x.OptionId,
                        principalTable: "CustomFieldOption",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_DealFieldValue_CustomFields_FieldId",
                        column: x => x.FieldId,
                        principalTable: "CustomFields",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_DealFieldValue_Deals_DealId",
                        column: x => x.DealId,
                        principalTable: "Deals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "LeadFieldValue",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    LeadId = table.Column<int>(type: "integer", nullable: false),
                    FieldId = table.Column<int>(type: "integer", nullable: false),
                    Text = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    Number = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: true),
                    Date = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    OptionId = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LeadFieldValue", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LeadFieldValue_CustomFieldOption_OptionId",
                        column: x => x.OptionId,
                        principalTable: "CustomFieldOption",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_LeadFieldValue_CustomFields_FieldId",
                        column: x => x.FieldId,
                        principalTable: "CustomFields",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_LeadFieldValue_Leads_LeadId",
                        column: x => x.LeadId,
                        principalTable: "Leads",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CompanyFieldValue_CompanyId_FieldId",
                table: "CompanyFieldValue",
                columns: new[] { "CompanyId", "FieldId" });

            migrationBuilder.CreateIndex(
                name: "IX_CompanyFieldValue_FieldId_Date_CompanyId",
                table: "CompanyFieldValue",
                columns: new[] { "FieldId", "Date", "CompanyId" });

            migrationBuilder.CreateIndex(
                name: "IX_CompanyFieldValue_FieldId_Number_CompanyId",
                table: "CompanyFieldValue",
                columns: new[] { "FieldId", "Number", "CompanyId" });

            migrationBuilder.CreateIndex(
                name: "IX_CompanyFieldValue_FieldId_OptionId_CompanyId",
                table: "CompanyFieldValue",
                columns: new[] { "FieldId", "OptionId", "CompanyId" });

            migrationBuilder.CreateIndex(
                name: "IX_CompanyFieldValue_OptionId",
                table: "CompanyFieldValue",
                column: "OptionId");

            migrationBuilder.CreateIndex(
                name: "IX_ContactFieldValue_ContactId_FieldId",
                table: "ContactFieldValue",
                columns: new[] { "ContactId", "FieldId" });

            migrationBuilder.CreateIndex(
                name: "IX_ContactFieldValue_FieldId_Date_ContactId",
                table: "ContactFieldValue",
                columns: new[] { "FieldId", "Date", "ContactId" });

            migrationBuilder.CreateIndex(
                name: "IX_ContactFieldValue_FieldId_Number_ContactId",
                table: "ContactFieldValue",
                columns: new[] { "FieldId", "Number", "ContactId" });

            migrationBuilder.CreateIndex(
                name: "IX_ContactFieldValue_FieldId_OptionId_ContactId",
                table: "ContactFieldValue",
                columns: new[] { "FieldId", "OptionId", "ContactId" });

            migrationBuilder.CreateIndex(
                name: "IX_ContactFieldValue_OptionId",
                table: "ContactFieldValue",
                column: "OptionId");

            migrationBuilder.CreateIndex(
                name: "IX_CustomFieldOption_FieldId",
                table: "CustomFieldOption",
                column: "FieldId");

            migrationBuilder.CreateIndex(
                name: "IX_CustomFields_EntityKind_Code",
                table: "CustomFields",
                columns: new[] { "EntityKind", "Code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CustomFields_EntityKind_Sort",
                table: "CustomFields",
                columns: new[] { "EntityKind", "Sort" });

            migrationBuilder.CreateIndex(
                name: "IX_DealFieldValue_DealId_FieldId",
                table: "DealFieldValue",
                columns: new[] { "DealId", "FieldId" });

            migrationBuilder.CreateIndex(
                name: "IX_DealFieldValue_FieldId_Date_DealId",
                table: "DealFieldValue",
                columns: new[] { "FieldId", "Date", "DealId" });

            migrationBuilder.CreateIndex(
                name: "IX_DealFieldValue_FieldId_Number_DealId",
                table: "DealFieldValue",
                columns: new[] { "FieldId", "Number", "DealId" });

            migrationBuilder.CreateIndex(
                name: "IX_DealFieldValue_FieldId_OptionId_DealId",
                table: "DealFieldValue",
                columns: new[] { "FieldId", "OptionId", "DealId" });

            migrationBuilder.CreateIndex(
                name: "IX_DealFieldValue_OptionId",
                table: "DealFieldValue",
                column: "OptionId");

            migrationBuilder.CreateIndex(
                name: "IX_LeadFieldValue_FieldId_Date_LeadId",
                table: "LeadFieldValue",
                columns: new[] { "FieldId", "Date", "LeadId" });

            migrationBuilder.CreateIndex(
                name: "IX_LeadFieldValue_FieldId_Number_LeadId",
                table: "LeadFieldValue",
                columns: new[] { "FieldId", "Number", "LeadId" });

            migrationBuilder.CreateIndex(
                name: "IX_LeadFieldValue_FieldId_OptionId_LeadId",
                table: "LeadFieldValue",
                columns: new[] { "FieldId", "OptionId", "LeadId" });

            migrationBuilder.CreateIndex(
                name: "IX_LeadFieldValue_LeadId_FieldId",
                table: "LeadFieldValue",
                columns: new[] { "LeadId", "FieldId" });

            migrationBuilder.CreateIndex(
                name: "IX_LeadFieldValue_OptionId",
                table: "LeadFieldValue",
                column: "OptionId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CompanyFieldValue");

            migrationBuilder.DropTable(
                name: "ContactFieldValue");

            migrationBuilder.DropTable(
                name: "DealFieldValue");

            migrationBuilder.DropTable(
                name: "LeadFieldValue");

            migrationBuilder.DropTable(
                name: "CustomFieldOption");

            migrationBuilder.DropTable(
                name: "CustomFields");
        }
    }
}
