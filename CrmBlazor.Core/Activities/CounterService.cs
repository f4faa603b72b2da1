namespace CrmBlazor.Core.Activities;

/// <summary>
/// What needs a user's attention right now: their planned activities that are overdue or due today (in the team's
/// time zone), the new leads assigned to them that nobody has worked yet, and the e-mails they were told about and have not opened.
/// Three indexed queries.
/// </summary>
public sealed class CounterService(IDbContextFactory<CrmDbContext> contextFactory, CrmTime time)
{
    public async Task<Counters> GetAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var now = time.UtcNow;
        var (_, dayEnd) = time.DayOf(now);
        var due = await db.Activities.AsNoTracking()
            .Where(a => a.ResponsibleUserId == userId && a.State == ActivityState.Planned && a.Deadline < dayEnd)
            .GroupBy(a => new { Overdue = a.Deadline < now, a.ElementKind })
            .Select(g => new { g.Key.Overdue, g.Key.ElementKind, Count = g.Count() })
            .ToListAsync(ct);
        var newLeads = await db.Leads.AsNoTracking().CountAsync(l => l.ResponsibleUserId == userId && l.Status == LeadStatus.New, ct);
        var unreadMail = await db.MailMessages.AsNoTracking().CountAsync(m => m.UnreadForUserId == userId, ct);
        return new Counters(
            Overdue: due.Where(d => d.Overdue).Sum(d => d.Count),
            DueToday: due.Where(d => !d.Overdue).Sum(d => d.Count),
            NewLeads: newLeads,
            LeadActivities: due.Where(d => d.ElementKind == ElementKind.Lead).Sum(d => d.Count),
            DealActivities: due.Where(d => d.ElementKind == ElementKind.Deal).Sum(d => d.Count)) { UnreadMail = unreadMail };
    }
}
