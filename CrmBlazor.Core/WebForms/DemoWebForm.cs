namespace CrmBlazor.Core.WebForms;

/// <summary>The demo data's web form: <c>/forms/contact</c> works on a first start, and its leads go to Anna and Piotr in turn.</summary>
public static class DemoWebForm
{
    public const string Slug = "contact";

    public static WebForm Contact(params string[] responsibleUserIds) => new()
    {
        Name = "Contact us",
        Slug = Slug,
        IsActive = true,
        Fields =
        [
            new() { Sort = 0, Kind = WebFormFieldKind.Name, LabelEn = "Name", LabelPl = "Imię i nazwisko", PlaceholderEn = "Jane Smith", PlaceholderPl = "Jan Kowalski", Required = true },
            new() { Sort = 1, Kind = WebFormFieldKind.Email, LabelEn = "E-mail", LabelPl = "E-mail", PlaceholderEn = "jane@example.com", PlaceholderPl = "jan@przyklad.pl" },
            new() { Sort = 2, Kind = WebFormFieldKind.Phone, LabelEn = "Phone", LabelPl = "Telefon" },
            new() { Sort = 3, Kind = WebFormFieldKind.Company, LabelEn = "Company", LabelPl = "Firma" },
            new() { Sort = 4, Kind = WebFormFieldKind.Message, LabelEn = "Message", LabelPl = "Wiadomość", Required = true },
        ],
        ConsentTextEn = "I agree that the company may process my data to answer this message.",
        ConsentTextPl = "Zgadzam się na przetwarzanie moich danych w celu odpowiedzi na tę wiadomość.",
        PrivacyPolicyUrl = "https://example.com/privacy",
        ThankYouEn = "Thank you! We will get back to you within one working day.",
        ThankYouPl = "Dziękujemy! Odpowiemy w ciągu jednego dnia roboczego.",
        Responsibles = responsibleUserIds.Select((id, i) => new WebFormResponsible { UserId = id, Sort = i }).ToList(),
        WidgetPosition = WidgetPosition.BottomRight,
    };
}
