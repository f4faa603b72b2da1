using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace CrmBlazor.Core.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class I11Team : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "AccessRoleId",
                table: "AspNetUsers",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "DepartmentId",
                table: "AspNetUsers",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "IsActive",
                table: "AspNetUsers",
                type: "boolean",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AddColumn<string>(
                name: "Language",
                table: "AspNetUsers",
                type: "character varying(10)",
                maxLength: 10,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "AccessRoles",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    BaseRole = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    IsBuiltIn = table.Column<bool>(type: "boolean", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AccessRoles", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Departments",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ParentId = table.Column<int>(type: "integer", nullable: true),
                    HeadUserId = table.Column<string>(type: "text", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Departments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Departments_AspNetUsers_HeadUserId",
                        column: x => x.HeadUserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_Departments_Departments_ParentId",
                        column: x => x.ParentId,
                        principalTable: "Departments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "AccessRoleGrants",
                columns: table => new
                {
                    RoleId = table.Column<int>(type: "integer", nullable: false),
                    Entity = table.Column<int>(type: "integer", nullable: false),
                    Action = table.Column<int>(type: "integer", nullable: false),
                    Scope = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AccessRoleGrants", x => new { x.RoleId, x.Entity, x.Action });
                    table.ForeignKey(
                        name: "FK_AccessRoleGrants_AccessRoles_RoleId",
                        column: x => x.RoleId,
                        principalTable: "AccessRoles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                table: "AccessRoles",
                columns: new[] { "Id", "BaseRole", "IsBuiltIn", "Name", "Version" },
                values: new object[,]
                {
                    { 1, "Admin", true, "Admin", 0 },
                    { 2, "Manager", true, "Manager", 0 },
                    { 3, "Sales", true, "Sales", 0 },
                    { 4, "Sales", true, "Sales (own only)", 0 }
                });

            migrationBuilder.InsertData(
                table: "AccessRoleGrants",
                columns: new[] { "Action", "Entity", "RoleId", "Scope" },
                values: new object[,]
                {
                    { 1, 1, 1, 3 },
                    { 2, 1, 1, 3 },
                    { 3, 1, 1, 3 },
                    { 4, 1, 1, 3 },
                    { 5, 1, 1, 3 },
                    { 6, 1, 1, 3 },
                    { 1, 2, 1, 3 },
                    { 2, 2, 1, 3 },
                    { 3, 2, 1, 3 },
                    { 4, 2, 1, 3 },
                    { 5, 2, 1, 3 },
                    { 6, 2, 1, 3 },
                    { 1, 3, 1, 3 },
                    { 2, 3, 1, 3 },
                    { 3, 3, 1, 3 },
                    { 4, 3, 1, 3 },
                    { 5, 3, 1, 3 },
                    { 6, 3, 1, 3 },
                    { 1, 4, 1, 3 },
                    { 2, 4, 1, 3 },
                    { 3, 4, 1, 3 },
                    { 4, 4, 1, 3 },
                    { 5, 4, 1, 3 },
                    { 6, 4, 1, 3 },
                    { 1, 5, 1, 3 },
                    { 2, 5, 1, 3 },
                    { 3, 5, 1, 3 },
                    { 4, 5, 1, 3 },
                    { 5, 5, 1, 3 },
                    { 6, 5, 1, 3 },
                    { 1, 6, 1, 3 },
                    { 2, 6, 1, 3 },
                    { 3, 6, 1, 3 },
                    { 4, 6, 1, 3 },
                    { 5, 6, 1, 3 },
                    { 6, 6, 1, 3 },
                    { 1, 7, 1, 3 },
                    { 2, 7, 1, 3 },
                    { 3, 7, 1, 3 },
                    { 4, 7, 1, 3 },
                    { 5, 7, 1, 3 },
                    { 6, 7, 1, 3 },
                    { 1, 1, 2, 3 },
                    { 2, 1, 2, 3 },
                    { 3, 1, 2, 3 },
                    { 4, 1, 2, 3 },
                    { 5, 1, 2, 3 },
                    { 6, 1, 2, 3 },
                    { 1, 2, 2, 3 },
                    { 2, 2, 2, 3 },
                    { 3, 2, 2, 3 },
                    { 4, 2, 2, 3 },
                    { 5, 2, 2, 3 },
                    { 6, 2, 2, 3 },
                    { 1, 3, 2, 3 },
                    { 2, 3, 2, 3 },
                    { 3, 3, 2, 3 },
                    { 4, 3, 2, 3 },
                    { 5, 3, 2, 3 },
                    { 6, 3, 2, 3 },
                    { 1, 4, 2, 3 },
                    { 2, 4, 2, 3 },
                    { 3, 4, 2, 3 },
                    { 4, 4, 2, 3 },
                    { 5, 4, 2, 3 },
                    { 6, 4, 2, 3 },
                    { 1, 5, 2, 3 },
                    { 2, 5, 2, 3 },
                    { 3, 5, 2, 3 },
                    { 4, 5, 2, 3 },
                    { 5, 5, 2, 3 },
                    { 6, 5, 2, 3 },
                    { 1, 6, 2, 3 },
                    { 2, 6, 2, 3 },
                    { 3, 6, 2, 3 },
                    { 4, 6, 2, 3 },
                    { 5, 6, 2, 3 },
                    { 6, 6, 2, 3 },
                    { 1, 7, 2, 3 },
                    { 2, 7, 2, 3 },
                    { 3, 7, 2, 3 },
                    { 4, 7, 2, 3 },
                    { 5, 7, 2, 3 },
                    { 6, 7, 2, 3 },
                    { 1, 1, 3, 3 },
                    { 2, 1, 3, 3 },
                    { 3, 1, 3, 1 },
                    { 4, 1, 3, 1 },
                    { 5, 1, 3, 1 },
                    { 6, 1, 3, 1 },
                    { 1, 2, 3, 3 },
                    { 2, 2, 3, 3 },
                    { 3, 2, 3, 1 },
                    { 4, 2, 3, 1 },
                    { 5, 2, 3, 1 },
                    { 6, 2, 3, 1 },
                    { 1, 3, 3, 3 },
                    { 2, 3, 3, 3 },
                    { 3, 3, 3, 1 },
                    { 4, 3, 3, 1 },
                    { 5, 3, 3, 1 },
                    { 6, 3, 3, 1 },
                    { 1, 4, 3, 3 },
                    { 2, 4, 3, 3 },
                    { 3, 4, 3, 1 },
                    { 4, 4, 3, 1 },
                    { 5, 4, 3, 1 },
                    { 6, 4, 3, 1 },
                    { 1, 5, 3, 1 },
                    { 2, 5, 3, 3 },
                    { 3, 5, 3, 1 },
                    { 4, 5, 3, 1 },
                    { 5, 5, 3, 1 },
                    { 6, 5, 3, 1 },
                    { 1, 6, 3, 3 },
                    { 2, 6, 3, 0 },
                    { 3, 6, 3, 0 },
                    { 4, 6, 3, 0 },
                    { 5, 6, 3, 0 },
                    { 6, 6, 3, 0 },
                    { 1, 7, 3, 1 },
                    { 2, 7, 3, 0 },
                    { 3, 7, 3, 0 },
                    { 4, 7, 3, 0 },
                    { 5, 7, 3, 1 },
                    { 6, 7, 3, 0 },
                    { 1, 1, 4, 1 },
                    { 2, 1, 4, 1 },
                    { 3, 1, 4, 1 },
                    { 4, 1, 4, 1 },
                    { 5, 1, 4, 1 },
                    { 6, 1, 4, 1 },
                    { 1, 2, 4, 1 },
                    { 2, 2, 4, 1 },
                    { 3, 2, 4, 1 },
                    { 4, 2, 4, 1 },
                    { 5, 2, 4, 1 },
                    { 6, 2, 4, 1 },
                    { 1, 3, 4, 1 },
                    { 2, 3, 4, 1 },
                    { 3, 3, 4, 1 },
                    { 4, 3, 4, 1 },
                    { 5, 3, 4, 1 },
                    { 6, 3, 4, 1 },
                    { 1, 4, 4, 1 },
                    { 2, 4, 4, 1 },
                    { 3, 4, 4, 1 },
                    { 4, 4, 4, 1 },
                    { 5, 4, 4, 1 },
                    { 6, 4, 4, 1 },
                    { 1, 5, 4, 1 },
                    { 2, 5, 4, 1 },
                    { 3, 5, 4, 1 },
                    { 4, 5, 4, 1 },
                    { 5, 5, 4, 1 },
                    { 6, 5, 4, 1 },
                    { 1, 6, 4, 3 },
                    { 2, 6, 4, 0 },
                    { 3, 6, 4, 0 },
                    { 4, 6, 4, 0 },
                    { 5, 6, 4, 0 },
                    { 6, 6, 4, 0 },
                    { 1, 7, 4, 1 },
                    { 2, 7, 4, 0 },
                    { 3, 7, 4, 0 },
                    { 4, 7, 4, 0 },
                    { 5, 7, 4, 1 },
                    { 6, 7, 4, 0 }
                });

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUsers_AccessRoleId",
                table: "AspNetUsers",
                column: "AccessRoleId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUsers_DepartmentId",
                table: "AspNetUsers",
                column: "DepartmentId");

            migrationBuilder.CreateIndex(
                name: "IX_AccessRoles_Name",
                table: "AccessRoles",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Departments_HeadUserId",
                table: "Departments",
                column: "HeadUserId");

            migrationBuilder.CreateIndex(
                name: "IX_Departments_ParentId",
                table: "Departments",
                column: "ParentId");

            migrationBuilder.AddForeignKey(
                name: "FK_AspNetUsers_AccessRoles_AccessRoleId",
                table: "AspNetUsers",
                column: "AccessRoleId",
                principalTable: "AccessRoles",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_AspNetUsers_Departments_DepartmentId",
                table: "AspNetUsers",
                column: "DepartmentId",
                principalTable: "Departments",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_AspNetUsers_AccessRoles_AccessRoleId",
                table: "AspNetUsers");

            migrationBuilder.DropForeignKey(
                name: "FK_AspNetUsers_Departments_DepartmentId",
                table: "AspNetUsers");

            migrationBuilder.DropTable(
                name: "AccessRoleGrants");

            migrationBuilder.DropTable(
                name: "Departments");

            migrationBuilder.DropTable(
                name: "AccessRoles");

            migrationBuilder.DropIndex(
                name: "IX_AspNetUsers_AccessRoleId",
                table: "AspNetUsers");

            migrationBuilder.DropIndex(
                name: "IX_AspNetUsers_DepartmentId",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "AccessRoleId",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "DepartmentId",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "IsActive",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "Language",
                table: "AspNetUsers");
        }
    }
}
