namespace CrmBlazor.Components.Pages.Leads;

/// <summary>The lead form's editable state; the core gets it as a <see cref="LeadInput"/>.</summary>
public sealed class LeadFormModel
{
    public string Title { get; set; } = "";
    public string? FirstName { get; set; }
    public string? LastName { get; set; }
    public string? CompanyName { get; set; }
    /// <summary>A lead's phones and e-mails (no addresses: a lead has one free-text <see cref="Address"/>).</summary>
    public ContactPointForms Points { get; set; } = NewPoints([new PhoneInput("", PhoneType.Mobile)], [new EmailInput("")]);
    public string? Website { get; set; }
    public string? Address { get; set; }
    public LeadSource Source { get; set; }
    public LeadStatus Status { get; set; }
    /// <summary>The status and source chosen from Settings' lists (decision 030); null on a new lead until the form sets the defaults.</summary>
    public int? StatusId { get; set; }
    public int? SourceId { get; set; }
    public string? ResponsibleUserId { get; set; }
    public decimal? ExpectedAmount { get; set; }
    public string? Currency { get; set; }
    public string? Comment { get; set; }

    /// <summary>Custom field values by code, edited in place by <c>CustomFieldsEditor</c>.</summary>
    public Dictionary<string, CustomValue> Custom { get; set; } = [];

    public static LeadFormModel From(LeadInput input) => new()
    {
        Custom = new(input.Custom),
        Title = input.Title,
        FirstName = input.FirstName,
        LastName = input.LastName,
        CompanyName = input.CompanyName,
        Points = NewPoints(input.Phones.Select(p => p with { Number = PhoneNumberFormat.Display(p.Number) }), input.Emails),
        Website = input.Website,
        Address = input.Address,
        Source = input.Source,
        Status = input.Status,
        StatusId = input.StatusId,
        SourceId = input.SourceId,
        ResponsibleUserId = input.ResponsibleUserId,
        ExpectedAmount = input.ExpectedAmount,
        Currency = input.Currency,
        Comment = input.Comment,
    };

    public LeadInput ToInput() => new()
    {
        Custom = new Dictionary<string, CustomValue>(Custom),
        Title = Title ?? "",
        FirstName = FirstName,
        LastName = LastName,
        CompanyName = CompanyName,
        // Row for row, so that an error named "Phones[1]" lands on the form's second phone; the core skips empty rows.
        Phones = Points.PhoneInputs(),
        Emails = Points.EmailInputs(),
        Website = Website,
        Address = Address,
        Source = Source,
        Status = Status,
        StatusId = StatusId,
        SourceId = SourceId,
        ResponsibleUserId = ResponsibleUserId,
        ExpectedAmount = ExpectedAmount,
        Currency = ExpectedAmount is null ? null : Currency,
        Comment = Comment,
    };

    /// <summary>What the duplicates check looks for as the user types.</summary>
    public DuplicateProbe Probe(int? leadId) =>
        new(Points.Emails.Select(e => e.Address ?? "").ToList(), Points.Phones.Select(p => p.Number ?? "").ToList(), CompanyName, leadId);

    private static ContactPointForms NewPoints(IEnumerable<PhoneInput> phones, IEnumerable<EmailInput> emails) =>
        ContactPointForms.From(phones, emails, [], PhoneType.Mobile);
}
