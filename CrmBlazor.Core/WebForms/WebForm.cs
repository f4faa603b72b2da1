namespace CrmBlazor.Core.WebForms;

/// <summary>
/// A form on the company's website (a public page, the site widget, or a plain HTML form) whose submissions become
/// leads, or activities on the lead, contact or company the visitor already is. Only the fields listed in
/// <see cref="Fields"/> can ever be set by a visitor.
/// </summary>
public class WebForm : AuditedEntity
{
    public int Id { get; set; }
    public required string Name { get; set; }
    /// <summary>The public address: <c>/forms/{slug}</c> and the widget's <c>data-form</c>; lower-case letters, digits and dashes.</summary>
    public required string Slug { get; set; }
    public bool IsActive { get; set; }
    public List<WebFormField> Fields { get; set; } = [];

    /// <summary>The consent checkbox's text (none when both are empty); the submission stores the one the visitor saw.</summary>
    public string? ConsentTextEn { get; set; }
    public string? ConsentTextPl { get; set; }
    public string? PrivacyPolicyUrl { get; set; }

    /// <summary>Shown after sending, unless <see cref="RedirectUrl"/> is set.</summary>
    public string? ThankYouEn { get; set; }
    public string? ThankYouPl { get; set; }
    public string? RedirectUrl { get; set; }

    /// <summary>Who gets the new leads: one user, or each in turn (see <see cref="RoundRobinNext"/>).</summary>
    public List<WebFormResponsible> Responsibles { get; set; } = [];

    /// <summary>
    /// The turns taken since the responsible users last changed: the next submission's user is this position (modulo
    /// their count) in <see cref="Responsibles"/>. Kept in the database and advanced by one atomic statement in the
    /// submission's own transaction (not through the form's version), so the turn survives restarts and is shared by
    /// every server, and concurrent submissions never conflict over it.
    /// </summary>
    public int RoundRobinNext { get; set; }

    public WebFormDuplicateMode DuplicateMode { get; set; }

    /// <summary>
    /// When set, each submission also makes a deal in this pipeline, in <see cref="DealStageId"/> (or, when that stage
    /// was deleted or closed meanwhile, the pipeline's first open stage), for the same responsible user.
    /// </summary>
    public int? DealPipelineId { get; set; }
    public int? DealStageId { get; set; }

    /// <summary>Origins (<c>https://shop.example.com</c>) whose pages may post to the submit endpoint, one a line; none means any.</summary>
    public string? AllowedOrigins { get; set; }

    /// <summary>The widget's colour (a CSS hex colour) and where it sits.</summary>
    public string WidgetColor { get; set; } = WebFormRules.DefaultColor;
    public WidgetPosition WidgetPosition { get; set; }

    public IReadOnlyList<string> AllowedOriginList =>
        (AllowedOrigins ?? "").Split(['\n', '\r', ' ', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>One field of a form: which lead field it fills, its labels, and whether it is required, or hidden with a fixed value.</summary>
public class WebFormField
{
    public int Id { get; set; }
    public int WebFormId { get; set; }
    public int Sort { get; set; }
    public WebFormFieldKind Kind { get; set; }
    public required string LabelEn { get; set; }
    public required string LabelPl { get; set; }
    public string? PlaceholderEn { get; set; }
    public string? PlaceholderPl { get; set; }
    public bool Required { get; set; }
    /// <summary>A hidden field is not shown; it always carries <see cref="HiddenValue"/>, whatever a visitor posts.</summary>
    public bool Hidden { get; set; }
    public string? HiddenValue { get; set; }
    /// <summary>For <see cref="WebFormFieldKind.Custom"/>: the lead custom field it fills (decision 017).</summary>
    public int? CustomFieldId { get; set; }
    public CustomField? CustomField { get; set; }
}

public class WebFormResponsible
{
    public int Id { get; set; }
    public int WebFormId { get; set; }
    public int Sort { get; set; }
    public required string UserId { get; set; }
}

/// <summary>The lead fields a form can fill.</summary>
public enum WebFormFieldKind
{
    /// <summary>A full name, split into first and last name at its last space.</summary>
    Name = 1,
    FirstName = 2,
    LastName = 3,
    Email = 4,
    Phone = 5,
    Company = 6,
    Website = 7,
    Address = 8,
    /// <summary>Free text: the lead's comment, or the activity's description.</summary>
    Message = 9,
    /// <summary>A custom field of leads (<see cref="WebFormField.CustomFieldId"/>); text, number, link, date, yes/no or a list of one choice.</summary>
    Custom = 10,
}

public enum WebFormDuplicateMode
{
    /// <summary>A visitor who is already an open lead, a contact or a company gets an activity on it, not a new lead.</summary>
    AddToExisting = 0,
    AlwaysNewLead = 1,
}

public enum WidgetPosition
{
    /// <summary>The form where the script tag stands.</summary>
    Inline = 0,
    /// <summary>A floating button that opens the form.</summary>
    BottomRight = 1,
    BottomLeft = 2,
}

public enum WebFormOutcome
{
    NewLead = 0,
    AddedToLead = 1,
    AddedToContact = 2,
    AddedToCompany = 3,
    /// <summary>The honeypot was filled or the form was sent faster than a person can: nothing was made.</summary>
    Spam = 4,
}

/// <summary>One submission of a form, for its log and counts: when, what it made, from which page, and the consent the visitor gave.</summary>
public class WebFormSubmission
{
    public long Id { get; set; }
    public int WebFormId { get; set; }
    public DateTime At { get; set; }
    public WebFormOutcome Outcome { get; set; }
    public LeadSource Source { get; set; }
    public ElementKind? ElementKind { get; set; }
    public int? ElementId { get; set; }
    /// <summary>The deal the submission made too (forms with a deal pipeline), if any.</summary>
    public int? DealId { get; set; }
    public string? PageUrl { get; set; }
    public string? Referrer { get; set; }
    /// <summary>The consent text as the visitor saw it, in their language, and when they gave it.</summary>
    public string? ConsentText { get; set; }
    public DateTime? ConsentAt { get; set; }
}
