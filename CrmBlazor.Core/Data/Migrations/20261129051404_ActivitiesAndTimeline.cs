using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmBlazor.Core.Data.Migrations
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
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Type = table.Column<int>(type: "INTEGER", nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Deadline = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DurationMinutes = table.Column<int>(type: "INTEGER", nullable: true),
                    Direction = table.Column<int>(type: "INTEGER", nullable: true),
                    ResponsibleUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    ElementKind = table.Column<int>(type: "INTEGER", nullable: false),
                    ElementId = table.Column<int>(type: "INTEGER", nullable: false),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    CompletedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CompletedById = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    CreatedById = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ElementKind = table.Column<int>(type: "INTEGER", nullable: false),
                    ElementId = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    AuthorId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    Field = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    OldValue = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    NewValue = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Text = table.Column<string>(type: "TEXT", maxLength: 5000, nullable: true),
                    RelatedKind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    RelatedId = table.Column<int>(type: "INTEGER", nullable: true),
                    EditedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
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
            migrationBuilder.Sql("INSERT INTO TimelineEntries (ElementKind, ElementId, Kind, At, AuthorId, Version) SELECT 1, Id, 1, CreatedAt, ResponsibleUserId, 0 FROM Leads");
            migrationBuilder.Sql("INSERT INTO TimelineEntries (ElementKind, ElementId, Kind, At, AuthorId, Version) SELECT 2, Id, 1, CreatedAt, ResponsibleUserId, 0 FROM Contacts");
            migrationBuilder.Sql("INSERT INTO TimelineEntries (ElementKind, ElementId, Kind, At, AuthorId, Version) SELECT 3, Id, 1, CreatedAt, ResponsibleUserId, 0 FROM Companies");
            migrationBuilder.Sql("INSERT INTO TimelineEntries (ElementKind, ElementId, Kind, At, AuthorId, Version) SELECT 4, Id, 1, CreatedAt, ResponsibleUserId, 0 FROM Deals");
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
