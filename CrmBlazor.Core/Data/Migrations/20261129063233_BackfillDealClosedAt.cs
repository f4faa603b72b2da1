using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmBlazor.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class BackfillDealClosedAt : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Data only, after DealClosing added the column (on SQLite by rebuilding the table): deals already in a won or
            // lost stage were closed when they entered it.
            migrationBuilder.Sql("UPDATE Deals SET ClosedAt = StageEnteredAt WHERE ClosedAt IS NULL AND StageId IN (SELECT Id FROM Stages WHERE Kind <> 0)");

        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {

        }
    }
}
