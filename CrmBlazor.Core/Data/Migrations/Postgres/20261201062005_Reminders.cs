using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmBlazor.Core.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Reminders : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "RemindAt",
                table: "Activities",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ReminderMinutes",
                table: "Activities",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ReminderSentAt",
                table: "Activities",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Activities_ReminderSentAt_RemindAt",
                table: "Activities",
                columns: new[] { "ReminderSentAt", "RemindAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Activities_ReminderSentAt_RemindAt",
                table: "Activities");

            migrationBuilder.DropColumn(
                name: "RemindAt",
                table: "Activities");

            migrationBuilder.DropColumn(
                name: "ReminderMinutes",
                table: "Activities");

            migrationBuilder.DropColumn(
                name: "ReminderSentAt",
                table: "Activities");
        }
    }
}
