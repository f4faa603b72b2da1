using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmBlazor.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class CopyPartyEmailsAndPhones : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Data only, kept apart from the schema migration before it: the single e-mail and phone of each contact and
            // company become their first rows in the new child tables (type Work), and a company's city its office address.
            // The Email/Phone columns stay, as the first of each list. The SQL is the same on SQLite and PostgreSQL.
            migrationBuilder.Sql("""
                INSERT INTO "ContactEmail" ("ContactId", "Address", "Type") SELECT "Id", lower("Email"), 0 FROM "Contacts" WHERE "Email" IS NOT NULL;
                INSERT INTO "ContactPhone" ("ContactId", "Number", "Type") SELECT "Id", "Phone", 0 FROM "Contacts" WHERE "Phone" IS NOT NULL;
                INSERT INTO "CompanyEmail" ("CompanyId", "Address", "Type") SELECT "Id", lower("Email"), 0 FROM "Companies" WHERE "Email" IS NOT NULL;
                INSERT INTO "CompanyPhone" ("CompanyId", "Number", "Type") SELECT "Id", "Phone", 0 FROM "Companies" WHERE "Phone" IS NOT NULL;
                INSERT INTO "CompanyAddress" ("CompanyId", "City", "Type") SELECT "Id", "City", 0 FROM "Companies" WHERE "City" IS NOT NULL;
                """);

        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DELETE FROM "ContactEmail";
                DELETE FROM "ContactPhone";
                DELETE FROM "CompanyEmail";
                DELETE FROM "CompanyPhone";
                DELETE FROM "CompanyAddress";
                """);

        }
    }
}
