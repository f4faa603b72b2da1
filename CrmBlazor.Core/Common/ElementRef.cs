namespace CrmBlazor.Core.Common;

/// <summary>The four kinds of CRM element that activities, comments and the timeline belong to.</summary>
public enum ElementKind
{
    Lead = 1,
    Contact = 2,
    Company = 3,
    Deal = 4,
}

/// <summary>One lead, contact, company or deal.</summary>
public readonly record struct ElementRef(ElementKind Kind, int Id)
{
    public static ElementRef Lead(int id) => new(ElementKind.Lead, id);
    public static ElementRef Contact(int id) => new(ElementKind.Contact, id);
    public static ElementRef Company(int id) => new(ElementKind.Company, id);
    public static ElementRef Deal(int id) => new(ElementKind.Deal, id);

    /// <summary>The element's page in the web app.</summary>
    public string Path => Kind switch
    {
        ElementKind.Lead => $"/leads/{Id}",
        ElementKind.Contact => $"/contacts/{Id}",
        ElementKind.Company => $"/companies/{Id}",
        _ => $"/deals/{Id}",
    };

    public override string ToString() => $"{Kind.ToString().ToLowerInvariant()}:{Id}";
}
