using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CrmBlazor.Core.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ActivitiesAndTimeline : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Activities",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Type = table.Column<int>(type: "integer", nullable: false),
                    Subject = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    Deadline = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    DurationMinutes = table.Column<int>(type: "integer", nullable: true),
                    Direction = table.Column<int>(type: "integer", nullable: true),
                    ResponsibleUserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    ElementKind = table.Column<int>(type: "integer", nullable: false),
                    ElementId = table.Column<int>(type: "integer", nullable: false),
                    State = table.Column<int>(type: "integer", nullable: false),
                    CompletedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    CompletedById = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    CreatedById = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Activities", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Activities_AspNetUsers_ResponsibleUserId",
                        column: x => x.ResponsibleUserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "TimelineEntries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ElementKind = table.Column<int>(type: "integer", nullable: false),
                    ElementId = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    AuthorId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    Field = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    OldValue = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    NewValue = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Text = table.Column<string>(type: "character varying(5000)", maxLength: 5000, nullable: true),
                    RelatedKind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    RelatedId = table.Column<int>(type: "integer", nullable: true),
                    EditedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TimelineEntries", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Activities_ElementKind_ElementId_State_Deadline",
                table: "Activities",
                columns: new[] { "ElementKind", "ElementId", "State", "Deadline" });

            migrationBuilder.CreateIndex(
                name: "IX_Activities_ResponsibleUserId_State_Deadline",
                table: "Activities",
                columns: new[] { "ResponsibleUserId", "State", "Deadline" });

            migrationBuilder.CreateIndex(
                name: "IX_Activities_State_Deadline",
                table: "Activities",
                columns: new[] { "State", "Deadline" });

            migrationBuilder.CreateIndex(
                name: "IX_TimelineEntries_At",
                table: "TimelineEntries",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_TimelineEntries_AuthorId_At",
                table: "TimelineEntries",
                columns: new[] { "AuthorId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_TimelineEntries_ElementKind_ElementId_At",
                table: "TimelineEntries",
                columns: new[] { "ElementKind", "ElementId", "At" });

            // Elements that existed before the timeline start it with their creation.
            migrationBuilder.Sql("INSERT INTO \"TimelineEntries\" (\"ElementKind\", \"ElementId\", \"Kind\", \"At\", \"AuthorId\", \"Version\") SELECT 1, \"Id\", 1, \"CreatedAt\", \"ResponsibleUserId\", 0 FROM \"Leads\"");
            migrationBuilder.Sql("INSERT INTO \"TimelineEntries\" (\"ElementKind\", \"ElementId\", \"Kind\", \"At\", \"AuthorId\", \"Version\") SELECT 2, \"Id\", 1, \"CreatedAt\", \"ResponsibleUserId\", 0 FROM \"Contacts\"");
            migrationBuilder.Sql("INSERT INTO \"TimelineEntries\" (\"ElementKind\", \"ElementId\", \"Kind\", \"At\", \"AuthorId\", \"Version\") SELECT 3, \"Id\", 1, \"CreatedAt\", \"ResponsibleUserId\", 0 FROM \"Companies\"");
            migrationBuilder.Sql("INSERT INTO \"TimelineEntries\" (\"ElementKind\", \"ElementId\", \"Kind\", \"At\", \"AuthorId\", \"Version\") SELECT 4, \"Id\", 1, \"CreatedAt\", \"ResponsibleUserId\", 0 FROM \"Deals\"");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Activities");

            migrationBuilder.DropTable(
                name: "TimelineEntries");
        }
    }
}
