namespace CrmBlazor.Components.Pages.Deals;

/// <summary>The deal form's editable state; the core gets it as a <see cref="DealInput"/>.</summary>
public sealed class DealFormModel
{
    public string Title { get; set; } = "";
    public decimal Amount { get; set; }
    public string Currency { get; set; } = "";
    public int StageId { get; set; }
    public Lookup? Company { get; set; }
    public Lookup? Contact { get; set; }
    public string? ResponsibleUserId { get; set; }

    /// <summary>Custom field values by code, edited in place by <c>CustomFieldsEditor</c>.</summary>
    public Dictionary<string, CustomValue> Custom { get; set; } = [];

    public static DealFormModel From(DealInput input, string? companyName = null, string? contactName = null) => new()
    {
        Custom = new(input.Custom),
        Title = input.Title,
        Amount = input.Amount,
        Currency = input.Currency,
        StageId = input.StageId,
        Company = input.CompanyId is { } companyId ? new Lookup(companyId, companyName ?? "") : null,
        Contact = input.ContactId is { } contactId ? new Lookup(contactId, contactName ?? "") : null,
        ResponsibleUserId = input.ResponsibleUserId,
    };

    public DealInput ToInput() => new()
    {
        Custom = new Dictionary<string, CustomValue>(Custom),
        Title = Title ?? "",
        Amount = Amount,
        Currency = Currency ?? "",
        StageId = StageId,
        CompanyId = Company?.Id,
        ContactId = Contact?.Id,
        ResponsibleUserId = ResponsibleUserId,
    };
}
