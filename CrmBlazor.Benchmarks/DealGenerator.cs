using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Metadata;

namespace CrmBlazor.Benchmarks;

/// <summary>
/// Adds many deals to one pipeline fast: on SQLite one transaction, one prepared INSERT per table, each deal with its
/// first stage history row, as the app writes them (on PostgreSQL, for the few hundred of <c>mail-postgres</c>, through
/// EF). Table and column names and the money conversion come from the EF model, so the rows are what the app itself
/// would store. Ranks are <see cref="Rank.Spread"/> per stage; titles, amounts, currencies
/// (PLN 70 %, EUR 20 %, USD 10 %), companies, contacts and owners are random but seeded (deterministic).
/// </summary>
internal static class DealGenerator
{
    private static readonly string[] Topics =
    [
        "Wdrożenie CRM", "Licencje roczne", "Serwis floty", "Dostawa paneli PV", "Website redesign", "Szkolenie zespołu",
        "Support contract", "Modernizacja magazynu", "Cloud migration", "Druk katalogów", "Audyt bezpieczeństwa", "Hardware refresh",
    ];

    /// <summary>
    /// Adds <paramref name="total"/> deals to the app's default pipeline, then moves the WAL into the database file, as
    /// the app's own checkpoints would, so reads do not wade through it. Says the pipeline and how long the insert took.
    /// </summary>
    public static async Task<(int PipelineId, double InsertSeconds)> FillDefaultPipelineAsync(IServiceProvider services, int total)
    {
        var contexts = services.GetRequiredService<IDbContextFactory<CrmDbContext>>();
        var pipelineId = (await services.GetRequiredService<PipelineService>().GetPipelinesAsync()).Single(p => p.IsDefault).Id;
        var insert = System.Diagnostics.Stopwatch.StartNew();
        await InsertAsync(contexts, pipelineId, total);
        var seconds = insert.Elapsed.TotalSeconds;
        await using var db = await contexts.CreateDbContextAsync();
        await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);");
        return (pipelineId, seconds);
    }

    /// <summary>Adds two pages' worth of deals to every column of the pipeline, so every column shows a full page.</summary>
    public static async Task FillColumnsAsync(IDbContextFactory<CrmDbContext> contexts, int pipelineId, int pageSize)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var stages = await db.Stages.CountAsync(s => s.PipelineId == pipelineId);
        await InsertAsync(contexts, pipelineId, stages * 2 * pageSize);
    }

    /// <summary>Adds <paramref name="total"/> deals spread evenly over the stages of <paramref name="pipelineId"/>.</summary>
    public static async Task InsertAsync(IDbContextFactory<CrmDbContext> contexts, int pipelineId, int total, int seed = 42)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var stages = await db.Stages.Where(s => s.PipelineId == pipelineId).OrderBy(s => s.Sort).Select(s => s.Id).ToListAsync();
        var companies = await db.Companies.Select(c => c.Id).ToListAsync();
        var contacts = await db.Contacts.Select(c => new { c.Id, c.CompanyId }).ToListAsync();
        var users = await db.Users.Select(u => u.Id).ToListAsync();

        var random = new Random(seed);
        var now = DateTime.UtcNow;
        var number = 0;
        var rows = new List<Deal>(total);
        for (var s = 0; s < stages.Count; s++)
        {
            var count = total / stages.Count + (s < total % stages.Count ? 1 : 0);
            var ranks = Rank.Spread(count);
            for (var i = 0; i < count; i++)
            {
                var company = random.Next(4) == 0 ? (int?)null : companies[random.Next(companies.Count)];
                var contact = company is null ? null : contacts.FirstOrDefault(c => c.CompanyId == company)?.Id;
                var owner = random.Next(6) == 0 ? null : users[random.Next(users.Count)];
                var created = now.AddDays(-random.Next(1, 720)).AddMinutes(-random.Next(0, 1440));
                var entered = created.AddDays(random.Next(0, 30));
                entered = entered > now ? now : entered;
                var currency = random.Next(10) switch { < 7 => "PLN", < 9 => "EUR", _ => "USD" };
                var amount = random.Next(1, 5_000_000) / 100m;
                rows.Add(new Deal
                {
                    Title = $"{Topics[random.Next(Topics.Length)]} #{++number}", Amount = amount, Currency = currency, PipelineId = pipelineId,
                    StageId = stages[s], Rank = ranks[i], CompanyId = company, ContactId = contact, ResponsibleUserId = owner, CreatedAt = created,
                    UpdatedAt = entered, StageEnteredAt = entered, Version = 0,
                });
            }
        }
        if (!db.Database.IsSqlite())
        {
            // A few hundred deals on PostgreSQL (mail-postgres): through EF, each with its first stage change.
            db.Deals.AddRange(rows);
            await db.SaveChangesAsync();
            db.Set<DealStageChange>().AddRange(rows.Select(d => new DealStageChange
            {
                DealId = d.Id, ToStageId = d.StageId, ChangedById = d.ResponsibleUserId ?? users[0], ChangedAt = d.StageEnteredAt,
            }));
            await db.SaveChangesAsync();
            return;
        }

        var deal = db.Model.FindEntityType(typeof(Deal))!;
        var change = db.Model.FindEntityType(typeof(DealStageChange))!;
        var money = deal.FindProperty(nameof(Deal.Amount))!.GetTypeMapping().Converter;

        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        await using var insertDeal = Insert(connection, transaction, deal,
            nameof(Deal.Title), nameof(Deal.Amount), nameof(Deal.Currency), nameof(Deal.PipelineId), nameof(Deal.StageId), nameof(Deal.Rank),
            nameof(Deal.CompanyId), nameof(Deal.ContactId), nameof(Deal.ResponsibleUserId), nameof(Deal.CreatedAt), nameof(Deal.UpdatedAt),
            nameof(Deal.StageEnteredAt), nameof(Deal.Version));
        await using var insertChange = Insert(connection, transaction, change,
            nameof(DealStageChange.DealId), nameof(DealStageChange.FromStageId), nameof(DealStageChange.ToStageId),
            nameof(DealStageChange.ChangedById), nameof(DealStageChange.ChangedAt));
        foreach (var row in rows)
        {
            Set(insertDeal,
                row.Title, money?.ConvertToProvider(row.Amount) ?? row.Amount, row.Currency, pipelineId, row.StageId, row.Rank,
                row.CompanyId, row.ContactId, row.ResponsibleUserId, row.CreatedAt, row.StageEnteredAt, row.StageEnteredAt, 0);
            var dealId = (long)(await insertDeal.ExecuteScalarAsync())!;
            Set(insertChange, dealId, null, row.StageId, row.ResponsibleUserId ?? users[0], row.StageEnteredAt);
            await insertChange.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
    }

    private static SqliteCommand Insert(SqliteConnection connection, SqliteTransaction transaction, IEntityType entity, params string[] properties)
    {
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var columns = properties.Select(p => entity.FindProperty(p)!.GetColumnName(table)!).ToList();
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText =
            $"INSERT INTO \"{table.Name}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) " +
            $"VALUES ({string.Join(", ", columns.Select((_, i) => $"$p{i}"))}) RETURNING rowid;";
        for (var i = 0; i < columns.Count; i++)
        {
            command.Parameters.Add(new SqliteParameter($"$p{i}", null));
        }
        command.Prepare();
        return command;
    }

    private static void Set(DbCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }
}
