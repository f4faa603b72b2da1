using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmBlazor.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class FunnelRollup : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DealFunnelDays",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PipelineId = table.Column<int>(type: "INTEGER", nullable: false),
                    StageId = table.Column<int>(type: "INTEGER", nullable: false),
                    FurthestOpenStageSort = table.Column<int>(type: "INTEGER", nullable: true),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ResponsibleUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    Count = table.Column<int>(type: "INTEGER", nullable: false),
                    AmountHigh = table.Column<long>(type: "INTEGER", nullable: false),
                    AmountLow = table.Column<long>(type: "INTEGER", precision: 38, scale: 4, nullable: false),
                    Merged = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DealFunnelDays", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DealFunnelDays_Key",
                table: "DealFunnelDays",
                columns: new[] { "PipelineId", "StageId", "FurthestOpenStageSort", "Currency", "Day", "ResponsibleUserId", "Count", "AmountHigh", "AmountLow" });

            // The roll-up is kept by the database, in the transaction of every change to a deal, whatever made it
            // (decision 004). Amounts in two parts as MoneySum sums them (a stored amount is a scaled integer: high =
            // amount / 2^32, low = amount % 2^32, both truncating), the day is the UTC day of the creation time.
            const string Key = "PipelineId = {0}.PipelineId AND StageId = {0}.StageId AND FurthestOpenStageSort IS {0}.FurthestOpenStageSort"
                + " AND Currency = {0}.Currency AND Day = substr({0}.CreatedAt, 1, 10) AND ResponsibleUserId IS {0}.ResponsibleUserId";
            string Add(string row) =>
                $"UPDATE DealFunnelDays SET Count = Count + 1, AmountHigh = AmountHigh + {row}.Amount / 4294967296, AmountLow = AmountLow + {row}.Amount % 4294967296"
                + $" WHERE {string.Format(Key, row)};"
                + " INSERT INTO DealFunnelDays (PipelineId, StageId, FurthestOpenStageSort, Currency, Day, ResponsibleUserId, Count, AmountHigh, AmountLow, Merged)"
                + $" SELECT {row}.PipelineId, {row}.StageId, {row}.FurthestOpenStageSort, {row}.Currency, substr({row}.CreatedAt, 1, 10), {row}.ResponsibleUserId, 1,"
                + $" {row}.Amount / 4294967296, {row}.Amount % 4294967296, 1 WHERE NOT EXISTS (SELECT 1 FROM DealFunnelDays WHERE {string.Format(Key, row)});";
            string Remove(string row) =>
                $"UPDATE DealFunnelDays SET Count = Count - 1, AmountHigh = AmountHigh - {row}.Amount / 4294967296, AmountLow = AmountLow - {row}.Amount % 4294967296"
                + $" WHERE {string.Format(Key, row)};";
            migrationBuilder.Sql($"CREATE TRIGGER Deals_funnel_ai AFTER INSERT ON Deals BEGIN {Add("new")} END;");
            migrationBuilder.Sql($"CREATE TRIGGER Deals_funnel_ad AFTER DELETE ON Deals BEGIN {Remove("old")} END;");
            migrationBuilder.Sql(
                "CREATE TRIGGER Deals_funnel_au AFTER UPDATE OF PipelineId, StageId, FurthestOpenStageSort, Currency, CreatedAt, ResponsibleUserId, Amount ON Deals"
                + " WHEN old.PipelineId IS NOT new.PipelineId OR old.StageId IS NOT new.StageId OR old.FurthestOpenStageSort IS NOT new.FurthestOpenStageSort"
                + " OR old.Currency IS NOT new.Currency OR old.CreatedAt IS NOT new.CreatedAt OR old.ResponsibleUserId IS NOT new.ResponsibleUserId OR old.Amount IS NOT new.Amount"
                + $" BEGIN {Remove("old")} {Add("new")} END;");
            migrationBuilder.Sql(
                "INSERT INTO DealFunnelDays (PipelineId, StageId, FurthestOpenStageSort, Currency, Day, ResponsibleUserId, Count, AmountHigh, AmountLow, Merged)"
                + " SELECT PipelineId, StageId, FurthestOpenStageSort, Currency, substr(CreatedAt, 1, 10), ResponsibleUserId, COUNT(*), SUM(Amount / 4294967296), SUM(Amount % 4294967296), 1"
                + " FROM Deals GROUP BY PipelineId, StageId, FurthestOpenStageSort, Currency, substr(CreatedAt, 1, 10), ResponsibleUserId;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER Deals_funnel_ai;");
            migrationBuilder.Sql("DROP TRIGGER Deals_funnel_ad;");
            migrationBuilder.Sql("DROP TRIGGER Deals_funnel_au;");
            migrationBuilder.DropTable(
                name: "DealFunnelDays");
        }
    }
}
