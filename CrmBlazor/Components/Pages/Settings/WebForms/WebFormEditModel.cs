namespace CrmBlazor.Components.Pages.Settings.WebForms;

/// <summary>The builder's editable copy of a form: mutable for binding, turned into Core's <see cref="WebFormInput"/> to save.</summary>
public sealed class WebFormEditModel
{
    public string Name { get; set; } = "";
    public string Slug { get; set; } = "";
    public bool IsActive { get; set; } = true;
    public List<FieldModel> Fields { get; set; } = [];
    public string? ConsentTextEn { get; set; }
    public string? ConsentTextPl { get; set; }
    public string? PrivacyPolicyUrl { get; set; }
    public string? ThankYouEn { get; set; }
    public string? ThankYouPl { get; set; }
    public string? RedirectUrl { get; set; }
    public IReadOnlyCollection<string> ResponsibleUserIds { get; set; } = [];
    public WebFormDuplicateMode DuplicateMode { get; set; }
    public int? DealPipelineId { get; set; }
    public int? DealStageId { get; set; }
    public string? AllowedOrigins { get; set; }
    public string WidgetColor { get; set; } = WebFormRules.DefaultColor;
    public WidgetPosition WidgetPosition { get; set; }

    public sealed class FieldModel
    {
        public WebFormFieldKind Kind { get; set; } = WebFormFieldKind.Email;
        public string LabelEn { get; set; } = "";
        public string LabelPl { get; set; } = "";
        public string? PlaceholderEn { get; set; }
        public string? PlaceholderPl { get; set; }
        public bool Required { get; set; }
        public bool Hidden { get; set; }
        public string? HiddenValue { get; set; }
        public int? CustomFieldId { get; set; }
    }

    public static WebFormEditModel New(string userId) => new()
    {
        Fields =
        [
            new() { Kind = WebFormFieldKind.Name, LabelEn = "Name", LabelPl = "Imię i nazwisko", Required = true },
            new() { Kind = WebFormFieldKind.Email, LabelEn = "E-mail", LabelPl = "E-mail", Required = true },
        ],
        ResponsibleUserIds = [userId],
    };

    public static WebFormEditModel From(WebFormInput input) => new()
    {
        Name = input.Name,
        Slug = input.Slug,
        IsActive = input.IsActive,
        Fields = input.Fields.Select(f => new FieldModel
        {
            Kind = f.Kind, LabelEn = f.LabelEn, LabelPl = f.LabelPl, PlaceholderEn = f.PlaceholderEn, PlaceholderPl = f.PlaceholderPl,
            Required = f.Required, Hidden = f.Hidden, HiddenValue = f.HiddenValue, CustomFieldId = f.CustomFieldId,
        }).ToList(),
        ConsentTextEn = input.ConsentTextEn,
        ConsentTextPl = input.ConsentTextPl,
        PrivacyPolicyUrl = input.PrivacyPolicyUrl,
        ThankYouEn = input.ThankYouEn,
        ThankYouPl = input.ThankYouPl,
        RedirectUrl = input.RedirectUrl,
        ResponsibleUserIds = input.ResponsibleUserIds.ToList(),
        DuplicateMode = input.DuplicateMode,
        DealPipelineId = input.DealPipelineId,
        DealStageId = input.DealStageId,
        AllowedOrigins = input.AllowedOrigins,
        WidgetColor = input.WidgetColor,
        WidgetPosition = input.WidgetPosition,
    };

    public WebFormInput ToInput() => new()
    {
        Name = Name ?? "",
        Slug = Slug ?? "",
        IsActive = IsActive,
        Fields = Fields.Select(f => new WebFormFieldInput(f.Kind, f.LabelEn ?? "", f.LabelPl ?? "", f.PlaceholderEn, f.PlaceholderPl, f.Required, f.Hidden, f.HiddenValue,
            f.Kind == WebFormFieldKind.Custom ? f.CustomFieldId : null)).ToList(),
        ConsentTextEn = ConsentTextEn,
        ConsentTextPl = ConsentTextPl,
        PrivacyPolicyUrl = PrivacyPolicyUrl,
        ThankYouEn = ThankYouEn,
        ThankYouPl = ThankYouPl,
        RedirectUrl = RedirectUrl,
        ResponsibleUserIds = ResponsibleUserIds.ToList(),
        DuplicateMode = DuplicateMode,
        DealPipelineId = DealPipelineId,
        DealStageId = DealPipelineId is null ? null : DealStageId,
        AllowedOrigins = AllowedOrigins,
        WidgetColor = WidgetColor ?? "",
        WidgetPosition = WidgetPosition,
    };
}
