namespace CrmBlazor.Core.Activities;

/// <summary>
/// Counters also change when nobody acts: a deadline passes (due today becomes overdue) or a new day begins (its
/// activities become due today). The server's watcher loop asks <see cref="NextChangeAsync"/> when that happens next,
/// sleeps until then, and calls <see cref="PublishDueAsync"/>, which tells the users concerned through the one live path.
/// </summary>
public sealed class DeadlineWatch(IDbContextFactory<CrmDbContext> contextFactory, ILiveUpdates live, CrmTime time)
{
    /// <summary>The first moment after <paramref name="now"/> at which some counter changes by itself.</summary>
    public async Task<DateTime> NextChangeAsync(DateTime now, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var nextDeadline = await db.Activities.AsNoTracking()
            .Where(a => a.State == ActivityState.Planned && a.Deadline > now)
            .OrderBy(a => a.Deadline)
            .Select(a => (DateTime?)a.Deadline)
            .FirstOrDefaultAsync(ct);
        var (_, midnight) = time.DayOf(now);
        return nextDeadline is { } deadline && deadline < midnight ? DateTime.SpecifyKind(deadline, DateTimeKind.Utc) : midnight;
    }

    /// <summary>
    /// Publishes one <see cref="CountersDue"/> for the users whose counters changed by themselves in
    /// (<paramref name="since"/>, <paramref name="now"/>]: a deadline of theirs passed, or a day began in which they
    /// have activities due. Returns those users.
    /// </summary>
    public async Task<IReadOnlyList<string>> PublishDueAsync(DateTime since, DateTime now, CancellationToken ct = default)
    {
        if (now <= since)
        {
            return [];
        }
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var planned = db.Activities.AsNoTracking().Where(a => a.State == ActivityState.Planned);
        var passed = await planned.Where(a => a.Deadline > since && a.Deadline <= now)
            .Select(a => new
            {
                a.ResponsibleUserId,
                PipelineId = a.ElementKind == ElementKind.Deal ? db.Deals.Where(d => d.Id == a.ElementId).Select(d => (int?)d.PipelineId).FirstOrDefault() : null,
            })
            .Distinct().ToListAsync(ct);
        var users = passed.Select(p => p.ResponsibleUserId).ToList();
        var pipelines = passed.Select(p => p.PipelineId).OfType<int>().Distinct().Order().ToList();
        var (dayStart, dayEnd) = time.DayOf(now);
        if (dayStart > since)
        {
            users.AddRange(await planned.Where(a => a.Deadline >= dayStart && a.Deadline < dayEnd).Select(a => a.ResponsibleUserId).Distinct().ToListAsync(ct));
        }
        users = [.. users.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        if (users.Count > 0)
        {
            await live.PublishAsync(contextFactory, new CountersDue { UserIds = users, PipelineIds = pipelines, ActorId = "", ActorName = "", OccurredAt = now }, ct);
        }
        return users;
    }
}
