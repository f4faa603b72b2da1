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
    /// The team's time zone (IANA id, for example <c>Europe/Warsaw</c>): it decides when "today" starts, how deadlines
    /// are typed and shown, and where report periods ("this month") start and end. The database keeps UTC.
    /// </summary>
    public string TimeZone { get; set; } = "Europe/Warsaw";

    /// <summary>
    /// Seed the demo team and demo data when the database is new. Off unless the host turns it on: the web app does in
    /// Development, and elsewhere only when the operator asks on the command line.
    /// </summary>
    public bool SeedDemoData { get; set; }

    /// <summary>The first admin of a database started without demo data.</summary>
    public InitialAdminOptions InitialAdmin { get; set; } = new();

    /// <summary>The <c>Crm:WebForms</c> settings (web forms and the site widget).</summary>
    public WebForms.WebFormOptions WebForms { get; set; } = new();

    /// <summary>Imports of files (<c>Crm:Import</c>).</summary>
    public ImportOptions Import { get; set; } = new();

    /// <summary>E-mail (<c>Crm:Mail</c>): the reader, attachments.</summary>
    public Mail.MailOptions Mail { get; set; } = new();

    public string DefaultCurrency => Currencies.Count > 0 ? Currencies[0] : "PLN";
}

public sealed class InitialAdminOptions
{
    public string? Email { get; set; }
    public string? Password { get; set; }
    public string DisplayName { get; set; } = "Administrator";
}

public sealed class ImportOptions
{
    /// <summary>The largest file a user may upload, in megabytes.</summary>
    public int MaxFileMegabytes { get; set; } = 20;

    /// <summary>Rows per batch: each batch is one transaction and one live event.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>Where uploaded files wait for their run (a folder under the system's temporary folder when empty).</summary>
    public string? Directory { get; set; }

    public long MaxFileBytes => MaxFileMegabytes * 1024L * 1024L;
}
