using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmBlazor.Core.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Forms : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "DealId",
                table: "WebFormSubmissions",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "DealPipelineId",
                table: "WebForms",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "DealStageId",
                table: "WebForms",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "CustomFieldId",
                table: "WebFormField",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_WebForms_DealPipelineId",
                table: "WebForms",
                column: "DealPipelineId");

            migrationBuilder.CreateIndex(
                name: "IX_WebForms_DealStageId",
                table: "WebForms",
                column: "DealStageId");

            migrationBuilder.CreateIndex(
                name: "IX_WebFormField_CustomFieldId",
                table: "WebFormField",
                column: "CustomFieldId");

            migrationBuilder.AddForeignKey(
                name: "FK_WebFormField_CustomFields_CustomFieldId",
                table: "WebFormField",
                column: "CustomFieldId",
                principalTable: "CustomFields",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "FK_WebForms_Pipelines_DealPipelineId",
                table: "WebForms",
                column: "DealPipelineId",
                principalTable: "Pipelines",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);

            migrationBuilder.AddForeignKey(
                name: "FK_WebForms_Stages_DealStageId",
                table: "WebForms",
                column: "DealStageId",
                principalTable: "Stages",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_WebFormField_CustomFields_CustomFieldId",
                table: "WebFormField");

            migrationBuilder.DropForeignKey(
                name: "FK_WebForms_Pipelines_DealPipelineId",
                table: "WebForms");

            migrationBuilder.DropForeignKey(
                name: "FK_WebForms_Stages_DealStageId",
                table: "WebForms");

            migrationBuilder.DropIndex(
                name: "IX_WebForms_DealPipelineId",
                table: "WebForms");

            migrationBuilder.DropIndex(
                name: "IX_WebForms_DealStageId",
                table: "WebForms");

            migrationBuilder.DropIndex(
                name: "IX_WebFormField_CustomFieldId",
                table: "WebFormField");

            migrationBuilder.DropColumn(
                name: "DealId",
                table: "WebFormSubmissions");

            migrationBuilder.DropColumn(
                name: "DealPipelineId",
                table: "WebForms");

            migrationBuilder.DropColumn(
                name: "DealStageId",
                table: "WebForms");

            migrationBuilder.DropColumn(
                name: "CustomFieldId",
                table: "WebFormField");
        }
    }
}
