using System.Text.RegularExpressions;

namespace CrmBlazor.Core.WebForms;

public static partial class WebFormRules
{
    public const int NameMaxLength = 100;
    public const int SlugMaxLength = 60;
    public const int LabelMaxLength = 100;
    public const int PlaceholderMaxLength = 100;
    public const int HiddenValueMaxLength = 200;
    public const int TextMaxLength = 1000;
    public const int UrlMaxLength = 500;
    public const int OriginsMaxLength = 2000;
    public const int MaxFields = 20;
    public const int MaxResponsibles = 50;
    public const int PageUrlMaxLength = 2000;
    public const int UtmMaxLength = 200;
    public const string DefaultColor = "#1565c0";

    /// <summary>How long a visitor's value of each kind may be (the lead's own column limits).</summary>
    public static int MaxLength(WebFormFieldKind kind) => kind switch
    {
        WebFormFieldKind.Name => LeadRules.NameMaxLength * 2,
        WebFormFieldKind.FirstName or WebFormFieldKind.LastName => LeadRules.NameMaxLength,
        WebFormFieldKind.Email => 254,
        WebFormFieldKind.Phone => 40,
        WebFormFieldKind.Company => LeadRules.CompanyMaxLength,
        WebFormFieldKind.Website => LeadRules.WebsiteMaxLength,
        WebFormFieldKind.Address => LeadRules.AddressMaxLength,
        _ => LeadRules.CommentMaxLength,
    };

    /// <summary>The custom field types a visitor can fill (no users, links, money or times of day).</summary>
    public static bool IsPublicType(CustomFieldType type) => type is CustomFieldType.Text or CustomFieldType.LongText or CustomFieldType.Number
        or CustomFieldType.Url or CustomFieldType.Date or CustomFieldType.YesNo or CustomFieldType.List;

    /// <summary>How long a visitor's value of a custom field may be.</summary>
    public static int MaxLength(CustomFieldType type) => type switch
    {
        CustomFieldType.LongText => CustomFieldRules.LongTextMaxLength,
        CustomFieldType.Text => CustomFieldRules.TextMaxLength,
        CustomFieldType.Url => LeadRules.WebsiteMaxLength,
        _ => 40,
    };

    /// <summary>The posted name of a custom field: <c>cf_</c> and its id.</summary>
    public static string CustomKey(int customFieldId) => "cf_" + customFieldId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The posted name of a form's field (see <see cref="Key(WebFormFieldKind)"/>, <see cref="CustomKey"/>).</summary>
    public static string Key(WebFormField field) => field.Kind == WebFormFieldKind.Custom && field.CustomFieldId is { } id ? CustomKey(id) : Key(field.Kind);

    /// <summary>The name of a field in a posted form and in field errors: <c>name</c>, <c>first_name</c>, <c>email</c> ...</summary>
    public static string Key(WebFormFieldKind kind) => kind switch
    {
        WebFormFieldKind.FirstName => "first_name",
        WebFormFieldKind.LastName => "last_name",
        _ => kind.ToString().ToLowerInvariant(),
    };

    /// <summary>The consent checkbox's name in a posted form and in field errors.</summary>
    public const string ConsentKey = "consent";

    public static bool IsSlug(string? value) => value is not null && SlugPattern().IsMatch(value);

    public static bool IsColor(string? value) => value is not null && ColorPattern().IsMatch(value);

    /// <summary>Text that looks like markup (a tag, a comment, a declaration): refused, so no HTML is ever stored.</summary>
    public static bool LooksLikeMarkup(string value) => MarkupPattern().IsMatch(value);

    /// <summary>An absolute http(s) address, or null.</summary>
    public static string? HttpUrl(string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        var text = value.Trim();
        return text.Length <= maxLength && Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? text : null;
    }

    /// <summary>An origin as browsers send it (<c>https://shop.example.com</c>, <c>http://localhost:5000</c>), or null.</summary>
    public static string? Origin(string value) =>
        Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.AbsolutePath == "/"
            && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment) && !value.TrimEnd().EndsWith("/", StringComparison.Ordinal)
            ? uri.GetLeftPart(UriPartial.Authority)
            : null;

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex SlugPattern();

    [GeneratedRegex("^#[0-9a-fA-F]{6}$")]
    private static partial Regex ColorPattern();

    [GeneratedRegex("<[a-zA-Z/!?]")]
    private static partial Regex MarkupPattern();
}

public sealed record WebFormFieldInput(
    WebFormFieldKind Kind, string LabelEn, string LabelPl, string? PlaceholderEn = null, string? PlaceholderPl = null,
    bool Required = false, bool Hidden = false, string? HiddenValue = null, int? CustomFieldId = null);

/// <summary>What the builder edits.</summary>
public sealed record WebFormInput
{
    public string Name { get; init; } = "";
    public string Slug { get; init; } = "";
    public bool IsActive { get; init; } = true;
    public IReadOnlyList<WebFormFieldInput> Fields { get; init; } = [];
    public string? ConsentTextEn { get; init; }
    public string? ConsentTextPl { get; init; }
    public string? PrivacyPolicyUrl { get; init; }
    public string? ThankYouEn { get; init; }
    public string? ThankYouPl { get; init; }
    public string? RedirectUrl { get; init; }
    /// <summary>One user, or several who get the leads in turn.</summary>
    public IReadOnlyList<string> ResponsibleUserIds { get; init; } = [];
    public WebFormDuplicateMode DuplicateMode { get; init; }
    /// <summary>A deal too, in this pipeline and (open) stage; null: no deal.</summary>
    public int? DealPipelineId { get; init; }
    public int? DealStageId { get; init; }
    public string? AllowedOrigins { get; init; }
    public string WidgetColor { get; init; } = WebFormRules.DefaultColor;
    public WidgetPosition WidgetPosition { get; init; }
}

/// <summary>A form in the builder's list, with its counts.</summary>
public sealed record WebFormRow(int Id, string Name, string Slug, bool IsActive, int Submissions, int NewLeads, int AddedToExisting, int Spam, int Deals, DateTime? LastSubmissionAt);

public sealed record WebFormDetails(int Id, int Version, WebFormInput Input);

/// <summary>One line of a form's submission log.</summary>
public sealed record WebFormSubmissionRow(
    long Id, DateTime At, WebFormOutcome Outcome, LeadSource Source, ElementKind? ElementKind, int? ElementId, string? ElementTitle,
    int? DealId, string? DealTitle, string? PageUrl, string? Referrer, string? ConsentText, DateTime? ConsentAt)
{
    public ElementRef? Element => ElementKind is { } kind && ElementId is { } id ? new ElementRef(kind, id) : null;
}

/// <summary>A form as a visitor sees it, in one language (English or Polish).</summary>
public sealed record PublicWebForm(
    int Id, string Slug, string Name, string Language, IReadOnlyList<PublicWebFormField> Fields, string? ConsentText, string? PrivacyPolicyUrl,
    string ThankYou, string? RedirectUrl, string Color, WidgetPosition Position, IReadOnlyList<string> AllowedOrigins);

/// <summary>A visible field: its posted name (<see cref="Key"/>), label, placeholder, whether required, its length limit and HTML input type.</summary>
public sealed record PublicWebFormField(string Key, WebFormFieldKind Kind, string Label, string? Placeholder, bool Required, int MaxLength,
    CustomFieldType? CustomType = null, IReadOnlyList<PublicWebFormOption>? Options = null)
{
    /// <summary>The HTML input type; <c>checkbox</c> (a yes/no field) and <c>select</c> (a list) are drawn as such.</summary>
    public string InputType => CustomType switch
    {
        CustomFieldType.Url => "url",
        CustomFieldType.Date => "date",
        CustomFieldType.YesNo => "checkbox",
        CustomFieldType.List => "select",
        not null => "text",
        null => KindInputType,
    };

    private string KindInputType => Kind switch
    {
        WebFormFieldKind.Email => "email",
        WebFormFieldKind.Phone => "tel",
        WebFormFieldKind.Website => "url",
        _ => "text",
    };

    public string? AutoComplete => Kind switch
    {
        WebFormFieldKind.Name => "name",
        WebFormFieldKind.FirstName => "given-name",
        WebFormFieldKind.LastName => "family-name",
        WebFormFieldKind.Email => "email",
        WebFormFieldKind.Phone => "tel",
        WebFormFieldKind.Company => "organization",
        WebFormFieldKind.Website => "url",
        WebFormFieldKind.Address => "street-address",
        _ => null,
    };

    public bool IsMultiline => Kind is WebFormFieldKind.Message or WebFormFieldKind.Address || CustomType == CustomFieldType.LongText;
}

/// <summary>A choice of a list field: its option id (the posted value) and label.</summary>
public sealed record PublicWebFormOption(int Id, string Label);

/// <summary>
/// A visitor's submission as the web layer read it. <see cref="Values"/> holds whatever was posted by name; only the
/// form's own visible fields are read from it (hidden fields take their fixed values), so nothing else can be set.
/// </summary>
public sealed record WebFormSubmissionInput
{
    public required string Slug { get; init; }
    public IReadOnlyDictionary<string, string?> Values { get; init; } = new Dictionary<string, string?>();
    public bool Consent { get; init; }
    /// <summary><see cref="LeadSource.WebForm"/> (the public page, a plain HTML form) or <see cref="LeadSource.Widget"/>.</summary>
    public LeadSource Source { get; init; } = LeadSource.WebForm;
    /// <summary>"en" or "pl": the language the visitor saw (its consent text is stored).</summary>
    public string Language { get; init; } = "en";
    public string? PageUrl { get; init; }
    public string? Referrer { get; init; }
    public string? UtmSource { get; init; }
    public string? UtmMedium { get; init; }
    public string? UtmCampaign { get; init; }
    public string? UtmTerm { get; init; }
    public string? UtmContent { get; init; }
    /// <summary>When the form was shown to the visitor (from a token only the server can make); null when the post carries none.</summary>
    public DateTime? ShownAt { get; init; }
    /// <summary>The honeypot field: hidden from people, filled by bots.</summary>
    public string? Honeypot { get; init; }
}

public sealed record WebFormSubmitted(WebFormOutcome Outcome, string ThankYou, string? RedirectUrl, ElementRef? Element, int? DealId = null);

/// <summary>The <c>Crm:WebForms</c> settings.</summary>
public sealed class WebFormOptions
{
    /// <summary>A form sent sooner than this after it was shown is taken for a bot's.</summary>
    public double MinFillSeconds { get; set; } = 3;
}
