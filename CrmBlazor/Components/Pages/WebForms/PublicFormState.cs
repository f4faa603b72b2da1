namespace CrmBlazor.Components.Pages.WebForms;

/// <summary>What the public form page shows: the form (null: unknown or inactive), and after a post its messages and the visitor's values.</summary>
public sealed record PublicFormState
{
    public PublicWebForm? Form { get; init; }
    public string? ThankYou { get; init; }
    public bool Busy { get; init; }
    public IReadOnlyDictionary<string, string> Errors { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string?> Values { get; init; } = new Dictionary<string, string?>();
    public bool Consent { get; init; }
    public string? Token { get; init; }
    public string? PageUrl { get; init; }
    public string? Referrer { get; init; }
    public IReadOnlyDictionary<string, string?> Utm { get; init; } = new Dictionary<string, string?>();
}
