namespace CrmBlazor.Core;

/// <summary>The <c>Crm</c> section of appsettings.json.</summary>
public sealed class CrmOptions
{
    public const string Section = "Crm";

    /// <summary>ISO 4217 codes a deal may use; the first is the default.</summary>
    public List<string> Currencies { get; set; } = [];

    /// <summary>The ISO 3166 region a phone number typed without a country code belongs to.</summary>
    public string DefaultPhoneRegion { get; set; } = "PL";

    /// <summary>How many cards a kanban column shows before "load more".</summary>
    public int ColumnPageSize { get; set; } = 20;

    /// <summary>
    /// The IANA time zone (for example <c>Europe/Warsaw</c>) in which report periods start and end: "this month" is the
    /// month on the calendar of this zone, converted to UTC instants for the database, which stores UTC.
    /// </summary>
    public string TimeZone { get; set; } = "Europe/Warsaw";

    /// <summary>Seed the demo team and demo data when the database is new.</summary>
    public bool SeedDemoData { get; set; } = true;

    /// <summary>The first admin of a database started without demo data.</summary>
    public InitialAdminOptions InitialAdmin { get; set; } = new();

    public string DefaultCurrency => Currencies.Count > 0 ? Currencies[0] : "PLN";
}

public sealed class InitialAdminOptions
{
    public string? Email { get; set; }
    public string? Password { get; set; }
    public string DisplayName { get; set; } = "Administrator";
}
