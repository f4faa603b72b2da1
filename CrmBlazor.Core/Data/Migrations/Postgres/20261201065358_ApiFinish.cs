using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmBlazor.Core.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ApiFinish : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Deals_Api_PipelineId_CreatedAt_Id",
                table: "Deals",
                columns: new[] { "PipelineId", "CreatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Deals_Api_PipelineId_Id",
                table: "Deals",
                columns: new[] { "PipelineId", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Deals_Api_PipelineId_CreatedAt_Id",
                table: "Deals");

            migrationBuilder.DropIndex(
                name: "IX_Deals_Api_PipelineId_Id",
                table: "Deals");
        }
    }
}
