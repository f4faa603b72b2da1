using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmBlazor.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class DealClosing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Deals_PipelineId",
                table: "Deals");

            migrationBuilder.AddColumn<string>(
                name: "CloseComment",
                table: "Deals",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ClosedAt",
                table: "Deals",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "LostReasonId",
                table: "Deals",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "LostReasons",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Sort = table.Column<int>(type: "INTEGER", nullable: false),
                    IsActive = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LostReasons", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Deals_ClosedAt",
                table: "Deals",
                column: "ClosedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Deals_LostReasonId",
                table: "Deals",
                column: "LostReasonId");

            migrationBuilder.CreateIndex(
                name: "IX_Deals_PipelineId_CreatedAt",
                table: "Deals",
                columns: new[] { "PipelineId", "CreatedAt" });

            migrationBuilder.AddForeignKey(
                name: "FK_Deals_LostReasons_LostReasonId",
                table: "Deals",
                column: "LostReasonId",
                principalTable: "LostReasons",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Deals_LostReasons_LostReasonId",
                table: "Deals");

            migrationBuilder.DropTable(
                name: "LostReasons");

            migrationBuilder.DropIndex(
                name: "IX_Deals_ClosedAt",
                table: "Deals");

            migrationBuilder.DropIndex(
                name: "IX_Deals_LostReasonId",
                table: "Deals");

            migrationBuilder.DropIndex(
                name: "IX_Deals_PipelineId_CreatedAt",
                table: "Deals");

            migrationBuilder.DropColumn(
                name: "CloseComment",
                table: "Deals");

            migrationBuilder.DropColumn(
                name: "ClosedAt",
                table: "Deals");

            migrationBuilder.DropColumn(
                name: "LostReasonId",
                table: "Deals");

            migrationBuilder.CreateIndex(
                name: "IX_Deals_PipelineId",
                table: "Deals",
                column: "PipelineId");
        }
    }
}
