namespace CrmBlazor.Core.Leads;

/// <summary>
/// Someone who may become a client: minimal data of a person or company, worked and then closed by "Complete lead"
/// as converted (into a contact, a company and/or a deal) or as junk.
/// </summary>
public class Lead : AuditedEntity, IResponsibleRecord, RecycleBin.IDeletable
{
    /// <summary>The values of its custom fields (decision 017).</summary>
    public List<LeadFieldValue> CustomValues { get; set; } = [];
    public int Id { get; set; }
    public required string Title { get; set; }
    public string? FirstName { get; set; }
    public string? LastName { get; set; }
    public string? CompanyName { get; set; }
    public List<LeadPhone> Phones { get; set; } = [];
    public List<LeadEmail> Emails { get; set; } = [];
    public string? Website { get; set; }
    public string? Address { get; set; }
    /// <summary>The source's kind, kept equal to <see cref="SourceId"/>'s by the context on every save (decision 030).</summary>
    public LeadSource Source { get; set; }
    /// <summary>The status's kind (new, in progress, converted, junk), kept equal to <see cref="StatusId"/>'s by the context on every save.</summary>
    public LeadStatus Status { get; set; }
    /// <summary>The lead's status, one of Settings' statuses (<see cref="LeadOption"/>); 0 until saved: the context then takes the default of <see cref="Status"/>.</summary>
    public int StatusId { get; set; }
    /// <summary>The lead's source (<see cref="LeadOption"/>); 0 until saved: the context then takes the default of <see cref="Source"/>.</summary>
    public int SourceId { get; set; }
    public string? ResponsibleUserId { get; set; }
    public decimal? ExpectedAmount { get; set; }
    public string? Currency { get; set; }
    public string? Comment { get; set; }

    /// <summary>Where a lead from a web form or the site widget came from: the form, the page, the referrer and the visit's utm_* parameters.</summary>
    public string? WebFormName { get; set; }
    public string? PageUrl { get; set; }
    public string? Referrer { get; set; }
    public string? UtmSource { get; set; }
    public string? UtmMedium { get; set; }
    public string? UtmCampaign { get; set; }
    public string? UtmTerm { get; set; }
    public string? UtmContent { get; set; }

    /// <summary>What the lead became, once converted.</summary>
    public int? ConvertedContactId { get; set; }
    public int? ConvertedCompanyId { get; set; }
    public int? ConvertedDealId { get; set; }
    /// <summary>The junk reason's kind, kept equal to <see cref="JunkReasonId"/>'s by the context.</summary>
    public JunkReason? JunkReason { get; set; }
    /// <summary>Why a junk lead is junk (<see cref="LeadOption"/>); null on other leads.</summary>
    public int? JunkReasonId { get; set; }
    public string? JunkComment { get; set; }
    public DateTime? ClosedAt { get; set; }
    public string? ClosedById { get; set; }

    /// <summary>When it went to the recycle bin, and by whom (null while it is not deleted; decision 020).</summary>
    public DateTime? DeletedAt { get; set; }
    public string? DeletedById { get; set; }

    /// <summary>
    /// Title, names, company and e-mails in lower case, in one column, so that a "contains" search reads one column
    /// of each row instead of five (kept current by the context on every save).
    /// </summary>
    public string SearchText { get; set; } = "";

    public void RefreshSearchText() =>
        SearchText = string.Join('\n', new[] { Title, FirstName, LastName, CompanyName }.Concat(Emails.Select(e => e.Address))
            .Where(v => !string.IsNullOrWhiteSpace(v))).ToLowerInvariant();

    public bool IsOpen => Status is not (LeadStatus.Converted or LeadStatus.Junk);

    public string PersonName => string.Join(' ', new[] { FirstName, LastName }.Where(n => !string.IsNullOrWhiteSpace(n)));
}

public class LeadPhone : PhoneEntry
{
    public int LeadId { get; set; }
}

public class LeadEmail : EmailEntry
{
    public int LeadId { get; set; }
}

public enum LeadSource
{
    Manual,
    Import,
    WebForm,
    Widget,
    Email,
    Call,
    Other,
}

/// <summary>Open statuses in the order a lead is worked, then the two final outcomes.</summary>
public enum LeadStatus
{
    New,
    InProgress,
    Processed,
    Converted,
    Junk,
}

public enum JunkReason
{
    Duplicate,
    NoInterest,
    Spam,
    WrongContact,
    Other,
}
