using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmBlazor.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class Mail2 : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "UnreadForUserId",
                table: "MailMessages",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OwnerUserId",
                table: "Mailboxes",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_MailMessages_UnreadForUserId",
                table: "MailMessages",
                column: "UnreadForUserId");

            migrationBuilder.CreateIndex(
                name: "IX_Mailboxes_OwnerUserId",
                table: "Mailboxes",
                column: "OwnerUserId");

            migrationBuilder.AddForeignKey(
                name: "FK_Mailboxes_AspNetUsers_OwnerUserId",
                table: "Mailboxes",
                column: "OwnerUserId",
                principalTable: "AspNetUsers",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "FK_MailMessages_AspNetUsers_UnreadForUserId",
                table: "MailMessages",
                column: "UnreadForUserId",
                principalTable: "AspNetUsers",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Mailboxes_AspNetUsers_OwnerUserId",
                table: "Mailboxes");

            migrationBuilder.DropForeignKey(
                name: "FK_MailMessages_AspNetUsers_UnreadForUserId",
                table: "MailMessages");

            migrationBuilder.DropIndex(
                name: "IX_MailMessages_UnreadForUserId",
                table: "MailMessages");

            migrationBuilder.DropIndex(
                name: "IX_Mailboxes_OwnerUserId",
                table: "Mailboxes");

            migrationBuilder.DropColumn(
                name: "UnreadForUserId",
                table: "MailMessages");

            migrationBuilder.DropColumn(
                name: "OwnerUserId",
                table: "Mailboxes");
        }
    }
}
