namespace CrmBlazor.Core.Leads;

/// <summary>A lead as the list, the form and a live event show it: shared by the lead editing and the conversion.</summary>
internal static class LeadProjections
{
    public static LeadInput ToInput(Lead lead) => new()
    {
        Title = lead.Title,
        FirstName = lead.FirstName,
        LastName = lead.LastName,
        CompanyName = lead.CompanyName,
        Phones = lead.Phones.OrderBy(p => p.Id).Select(p => new PhoneInput(p.Number, p.Type)).ToList(),
        Emails = lead.Emails.OrderBy(e => e.Id).Select(e => new EmailInput(e.Address, e.Type)).ToList(),
        Website = lead.Website,
        Address = lead.Address,
        Source = lead.Source,
        Status = lead.Status,
        SourceId = lead.SourceId,
        StatusId = lead.StatusId,
        ResponsibleUserId = lead.ResponsibleUserId,
        ExpectedAmount = lead.ExpectedAmount,
        Currency = lead.Currency,
        Comment = lead.Comment,
    };

    public static IQueryable<LeadRow> Rows(CrmDbContext db, IQueryable<Lead> leads) =>
        leads.Select(l => new LeadRow(
            l.Id, l.Title, ((l.FirstName ?? "") + " " + (l.LastName ?? "")).Trim(), l.CompanyName,
            l.Emails.OrderBy(e => e.Id).Select(e => e.Address).FirstOrDefault(),
            l.Phones.OrderBy(p => p.Id).Select(p => p.Number).FirstOrDefault(),
            l.Source, l.Status, l.ResponsibleUserId,
            db.Users.Where(u => u.Id == l.ResponsibleUserId).Select(u => u.DisplayName).FirstOrDefault(),
            l.ExpectedAmount, l.Currency, l.CreatedAt, l.Version) { StatusId = l.StatusId, SourceId = l.SourceId });

    public static async Task<CrmEvent> ChangedAsync(LeadChangeKind kind, Lead lead, CrmDbContext db, Actor actor, DateTime now, CancellationToken ct, string? previousResponsibleUserId = null)
    {
        var row = await Rows(db, db.Leads.AsNoTracking().Where(l => l.Id == lead.Id)).SingleAsync(ct);
        return new LeadChanged
        {
            Kind = kind,
            LeadId = lead.Id,
            Version = lead.Version,
            Row = row,
            PreviousResponsibleUserId = previousResponsibleUserId == row.ResponsibleUserId ? null : previousResponsibleUserId,
            ActorId = actor.UserId,
            ActorName = actor.DisplayName,
            OccurredAt = now,
        };
    }
}
