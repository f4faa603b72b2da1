namespace CrmBlazor.Core.CustomFields;

/// <summary>
/// A field an admin adds to leads, contacts, companies or deals (Bitrix24's "user field"): its code (<c>UF_...</c>,
/// fixed once made), its type, names in English and Polish, and how forms and lists treat it. Its values live in one
/// value table per kind of element (<see cref="LeadFieldValue"/> ...), decision 017.
/// </summary>
public class CustomField : AuditedEntity
{
    public int Id { get; set; }
    public ElementKind EntityKind { get; set; }
    public required string Code { get; set; }
    public CustomFieldType Type { get; set; }
    public required string NameEn { get; set; }
    public required string NamePl { get; set; }
    public string? HelpText { get; set; }
    public bool IsRequired { get; set; }
    /// <summary>A list field whose elements may hold several options.</summary>
    public bool IsMultiple { get; set; }
    /// <summary>What a new element gets when nothing is typed, in the invariant form of <see cref="CustomValueText.Parse"/> (lists: the options' <see cref="CustomFieldOption.IsDefault"/>).</summary>
    public string? DefaultValue { get; set; }
    public int Sort { get; set; }
    public bool ShowInList { get; set; }
    public List<CustomFieldOption> Options { get; set; } = [];
}

/// <summary>One choice of a list field. Values point at its id, so renaming it keeps them.</summary>
public class CustomFieldOption
{
    public int Id { get; set; }
    public int FieldId { get; set; }
    public required string Label { get; set; }
    public int Sort { get; set; }
    public bool IsDefault { get; set; }
}

public enum CustomFieldType
{
    Text = 1,
    LongText = 2,
    Number = 3,
    Money = 4,
    Date = 5,
    DateTime = 6,
    YesNo = 7,
    List = 8,
    User = 9,
    Link = 10,
    Url = 11,
}

/// <summary>
/// One stored value of a field on one element. Text, url, user (its id), link (<c>deal:12</c>) and a money's currency
/// are in <see cref="Text"/>; number, money and yes/no (1 or 0) in <see cref="Number"/>; dates in <see cref="Date"/>
/// (UTC; a date alone at midnight); a list has one row per chosen option in <see cref="OptionId"/>.
/// </summary>
public abstract class CustomFieldValue
{
    public int Id { get; set; }
    public int FieldId { get; set; }
    public string? Text { get; set; }
    public decimal? Number { get; set; }
    public DateTime? Date { get; set; }
    public int? OptionId { get; set; }
}

public sealed class LeadFieldValue : CustomFieldValue
{
    public int LeadId { get; set; }
}

public sealed class ContactFieldValue : CustomFieldValue
{
    public int ContactId { get; set; }
}

public sealed class CompanyFieldValue : CustomFieldValue
{
    public int CompanyId { get; set; }
}

public sealed class DealFieldValue : CustomFieldValue
{
    public int DealId { get; set; }
}
