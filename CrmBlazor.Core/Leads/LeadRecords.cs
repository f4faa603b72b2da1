namespace CrmBlazor.Core.Leads;

public static class LeadRules
{
    public const int TitleMaxLength = 200;
    public const int NameMaxLength = 100;
    public const int CompanyMaxLength = 200;
    public const int WebsiteMaxLength = 300;
    public const int AddressMaxLength = 500;
    public const int CommentMaxLength = 4000;
    public const int MaxPhones = 10;
    public const int MaxEmails = 10;
}

public sealed record LeadInput
{
    public string Title { get; init; } = "";
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public string? CompanyName { get; init; }
    public IReadOnlyList<PhoneInput> Phones { get; init; } = [];
    public IReadOnlyList<EmailInput> Emails { get; init; } = [];
    public string? Website { get; init; }
    public string? Address { get; init; }
    /// <summary>The source's kind; used when <see cref="SourceId"/> is null (the kind's default source, decision 030).</summary>
    public LeadSource Source { get; init; }
    /// <summary>The status's kind; used when <see cref="StatusId"/> is null (the kind's default status, decision 030).</summary>
    public LeadStatus Status { get; init; }
    /// <summary>The status chosen from Settings' statuses (an open one); wins over <see cref="Status"/>.</summary>
    public int? StatusId { get; init; }
    /// <summary>The source chosen from Settings' sources; wins over <see cref="Source"/>.</summary>
    public int? SourceId { get; init; }
    public string? ResponsibleUserId { get; init; }
    public decimal? ExpectedAmount { get; init; }
    public string? Currency { get; init; }
    public string? Comment { get; init; }
    /// <summary>Custom field values by code (decision 017); a code left out of an update keeps its value.</summary>
    public IReadOnlyDictionary<string, CustomValue> Custom { get; init; } = new Dictionary<string, CustomValue>();
}

/// <summary>A lead as the list shows it.</summary>
public sealed record LeadRow(
    int Id, string Title, string PersonName, string? CompanyName, string? Email, string? Phone, LeadSource Source, LeadStatus Status,
    string? ResponsibleUserId, string? ResponsibleName, decimal? ExpectedAmount, string? Currency, DateTime CreatedAt, int Version)
{
    /// <summary>The lead's status and source in Settings' lists (decision 030); <see cref="Status"/> and <see cref="Source"/> are their kinds.</summary>
    public int StatusId { get; init; }
    public int SourceId { get; init; }

    /// <summary>The values of the custom fields shown in the list, as text by code (filled by the list, not by events).</summary>
    public IReadOnlyDictionary<string, string> Custom { get; init; } = new Dictionary<string, string>();
}

/// <summary>A lead with what it became: the links a converted lead keeps.</summary>
public sealed record LeadDetails(
    int Id, int Version, LeadInput Input, DateTime CreatedAt, DateTime UpdatedAt,
    int? ConvertedContactId, int? ConvertedCompanyId, int? ConvertedDealId, JunkReason? JunkReason, string? JunkComment,
    DateTime? ClosedAt, string? ClosedByName)
{
    public bool IsOpen => Input.Status is not (LeadStatus.Converted or LeadStatus.Junk);

    /// <summary>The junk reason in Settings' list (decision 030); <see cref="JunkReason"/> is its kind.</summary>
    public int? JunkReasonId { get; init; }

    /// <summary>Where a lead from a web form or the site widget came from; null for other leads.</summary>
    public LeadOrigin? Origin { get; init; }
}

/// <summary>A web form lead's origin: the form, the page it was sent from, the referrer and the visit's utm_* parameters.</summary>
public sealed record LeadOrigin(string? FormName, string? PageUrl, string? Referrer, string? UtmSource, string? UtmMedium, string? UtmCampaign, string? UtmTerm, string? UtmContent);

public enum LeadSort
{
    CreatedAt,
    Title,
    Status,
    Source,
    Person,
    Company,
    Email,
    Phone,
    Responsible,
}

public sealed record LeadQuery
{
    public string? Search { get; init; }
    /// <summary>Leads of a status kind (the API).</summary>
    public LeadStatus? Status { get; init; }
    /// <summary>Leads of a source kind (the API).</summary>
    public LeadSource? Source { get; init; }
    /// <summary>Leads with one status of Settings (the list's filter).</summary>
    public int? StatusId { get; init; }
    /// <summary>Leads with one source of Settings (the list's filter).</summary>
    public int? SourceId { get; init; }
    public string? ResponsibleUserId { get; init; }
    public DateTime? CreatedFrom { get; init; }
    /// <summary>Exclusive upper bound.</summary>
    public DateTime? CreatedTo { get; init; }
    /// <summary>Filters on custom fields, all of which must match (in SQL).</summary>
    public IReadOnlyList<CustomFieldFilter> Custom { get; init; } = [];
    /// <summary>The custom fields whose values the rows carry, by code (the user's columns); null: those flagged "shown in the list".</summary>
    public IReadOnlyList<string>? Columns { get; init; }
    public LeadSort SortBy { get; init; } = LeadSort.CreatedAt;
    public bool Descending { get; init; } = true;
    public int Skip { get; init; }
    public int Take { get; init; } = 25;
}

/// <summary>Use an existing record (<paramref name="ExistingId"/>) or create one from <paramref name="New"/>.</summary>
public sealed record ContactChoice(int? ExistingId, ContactInput? New);

public sealed record CompanyChoice(int? ExistingId, CompanyInput? New);

/// <summary>
/// "Complete lead" as a conversion: any combination of a contact, a company and a deal (each null when not wanted).
/// The deal is linked to the chosen contact and company; the contact to the company.
/// </summary>
public sealed record CompleteLead(int LeadId, int ExpectedVersion, ContactChoice? Contact, CompanyChoice? Company, DealInput? Deal);

/// <summary>"Complete lead" as junk.</summary>
public sealed record MarkLeadJunk(int LeadId, int ExpectedVersion, JunkReason Reason, string? Comment)
{
    /// <summary>The junk reason chosen from Settings' list (an active one); wins over <see cref="Reason"/>, the kind whose default is taken otherwise.</summary>
    public int? ReasonId { get; init; }
}

public sealed record LeadOutcome(int LeadId, int? ContactId, int? CompanyId, int? DealId);

/// <summary>The dialog's starting point: the new records prefilled from the lead, and existing ones that match it.</summary>
public sealed record ConversionProposal(ContactInput Contact, CompanyInput Company, DealInput Deal, IReadOnlyList<DuplicateMatch> Matches);
