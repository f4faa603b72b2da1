using System.Globalization;

namespace CrmBlazor.Core.Leads;

/// <summary>Which of the lead's three lists an option belongs to (decision 030).</summary>
public enum LeadOptionList
{
    Status,
    Source,
    JunkReason,
}

/// <summary>
/// One entry of the lists a team edits in Settings &gt; Lead statuses (Bitrix24's "statuses and dropdowns"): a lead
/// status, a lead source or a junk reason, named in English and Polish, ordered, active or not. Its
/// <see cref="Kind"/> is what the code relies on: a status's <see cref="LeadStatus"/> (new, in progress, converted,
/// junk) for counters, Complete lead, web forms, import and the API; a source's <see cref="LeadSource"/> (which source a
/// web form, the widget, the import, the mail reader or a call gives a lead); a junk reason's <see cref="JunkReason"/>.
/// An option leads use is never deleted, only deactivated. Decision 030.
/// </summary>
public class LeadOption
{
    public int Id { get; set; }
    public LeadOptionList List { get; set; }
    /// <summary>The enum value of the list's kind (<see cref="LeadStatus"/>, <see cref="LeadSource"/> or <see cref="JunkReason"/>) as a number.</summary>
    public int Kind { get; set; }
    public required string Name { get; set; }
    /// <summary>The Polish name; the English <see cref="Name"/> is shown when it is empty.</summary>
    public string? NamePl { get; set; }
    public int Sort { get; set; }
    public bool IsActive { get; set; } = true;
    public int Version { get; set; }
}

public static class LeadOptionRules
{
    public const int NameMaxLength = 100;

    /// <summary>The status kinds an admin chooses from. <see cref="LeadStatus.Processed"/> is an old value read as in progress.</summary>
    public static readonly IReadOnlyList<LeadStatus> StatusKinds = [LeadStatus.New, LeadStatus.InProgress, LeadStatus.Converted, LeadStatus.Junk];

    /// <summary>The kinds of <paramref name="list"/>'s options, as numbers.</summary>
    public static IReadOnlyList<int> Kinds(LeadOptionList list) => list switch
    {
        LeadOptionList.Status => [.. StatusKinds.Select(k => (int)k)],
        LeadOptionList.Source => [.. Enum.GetValues<LeadSource>().Select(k => (int)k)],
        _ => [.. Enum.GetValues<JunkReason>().Select(k => (int)k)],
    };

    /// <summary>The kind a status of <paramref name="kind"/> is stored as (the old "processed" is in progress).</summary>
    public static LeadStatus Normalize(LeadStatus kind) => kind == LeadStatus.Processed ? LeadStatus.InProgress : kind;

    public static bool IsOpen(LeadStatus kind) => kind is not (LeadStatus.Converted or LeadStatus.Junk);
}

/// <summary>
/// The options every database starts with (seeded with fixed ids by the model, <c>HasData</c>), made from the enums
/// leads had before decision 030: status <c>n</c> has id <c>n + 1</c>, source <c>n</c> id <c>n + 11</c>, junk reason
/// <c>n</c> id <c>n + 21</c>, which is what <see cref="LeadOptionMigration"/> maps existing leads by.
/// </summary>
public static class LeadOptionDefaults
{
    public const int StatusIdOffset = 1;
    public const int SourceIdOffset = 11;
    public const int JunkReasonIdOffset = 21;

    public static IReadOnlyList<LeadOption> All() =>
    [
        Status(LeadStatus.New, "New", "Nowy", LeadStatus.New),
        Status(LeadStatus.InProgress, "In progress", "W toku", LeadStatus.InProgress),
        Status(LeadStatus.Processed, "Processed", "Przetworzony", LeadStatus.InProgress),
        Status(LeadStatus.Converted, "Converted", "Skonwertowany", LeadStatus.Converted),
        Status(LeadStatus.Junk, "Junk", "Śmieciowy", LeadStatus.Junk),
        Source(LeadSource.Manual, "Manual", "Ręcznie"),
        Source(LeadSource.Import, "Import", "Import"),
        Source(LeadSource.WebForm, "Web form", "Formularz WWW"),
        Source(LeadSource.Widget, "Site widget", "Widżet na stronie"),
        Source(LeadSource.Email, "E-mail", "E-mail"),
        Source(LeadSource.Call, "Call", "Telefon"),
        Source(LeadSource.Other, "Other", "Inne"),
        Junk(JunkReason.Duplicate, "Duplicate", "Duplikat"),
        Junk(JunkReason.NoInterest, "No interest", "Brak zainteresowania"),
        Junk(JunkReason.Spam, "Spam", "Spam"),
        Junk(JunkReason.WrongContact, "Wrong contact details", "Błędne dane kontaktowe"),
        Junk(JunkReason.Other, "Other", "Inny powód"),
    ];

    private static LeadOption Status(LeadStatus value, string name, string namePl, LeadStatus kind) => new()
    {
        Id = (int)value + StatusIdOffset, List = LeadOptionList.Status, Kind = (int)kind, Name = name, NamePl = namePl, Sort = (int)value, IsActive = true,
    };

    private static LeadOption Source(LeadSource value, string name, string namePl) => new()
    {
        Id = (int)value + SourceIdOffset, List = LeadOptionList.Source, Kind = (int)value, Name = name, NamePl = namePl, Sort = (int)value, IsActive = true,
    };

    private static LeadOption Junk(JunkReason value, string name, string namePl) => new()
    {
        Id = (int)value + JunkReasonIdOffset, List = LeadOptionList.JunkReason, Kind = (int)value, Name = name, NamePl = namePl, Sort = (int)value, IsActive = true,
    };
}

/// <summary>
/// The data-moving SQL of the migration that made lead statuses, sources and junk reasons data (decision 030): every
/// existing lead points at the seeded option of its old enum value, and a "processed" lead's kind becomes in progress
/// (its status stays "Processed", now an in-progress status). The same SQL on SQLite and PostgreSQL. It must run after
/// the <c>LeadOptions</c> rows are inserted and the three columns added, and before their foreign keys are created.
/// </summary>
public static class LeadOptionMigration
{
    public const string MapExistingLeadsSql = """
        UPDATE "Leads" SET "StatusId" = "Status" + 1, "SourceId" = "Source" + 11,
            "JunkReasonId" = CASE WHEN "JunkReason" IS NULL THEN NULL ELSE "JunkReason" + 21 END;
        UPDATE "Leads" SET "Status" = 1 WHERE "Status" = 2;
        """;

    /// <summary>
    /// PostgreSQL only: the seeded rows' fixed ids do not move the identity sequence, so the first option an admin adds
    /// would take id 1; this moves it past them.
    /// </summary>
    public const string PostgresSequenceSql = """
        SELECT setval(pg_get_serial_sequence('"LeadOptions"', 'Id'), (SELECT MAX("Id") FROM "LeadOptions"));
        """;

    /// <summary>Adds <see cref="MapExistingLeadsSql"/> (and on PostgreSQL <see cref="PostgresSequenceSql"/>) to a migration.</summary>
    public static void MapExistingLeads(Microsoft.EntityFrameworkCore.Migrations.MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql(MapExistingLeadsSql);
        if (migrationBuilder.ActiveProvider == "Npgsql.EntityFrameworkCore.PostgreSQL")
        {
            migrationBuilder.Sql(PostgresSequenceSql);
        }
    }
}

/// <summary>An option as pages and the API read it.</summary>
public sealed record LeadOptionView(int Id, LeadOptionList List, int Kind, string Name, string? NamePl, int Sort, bool IsActive, int Version)
{
    /// <summary>The name in <paramref name="culture"/>'s language (Polish falls back to English).</summary>
    public string Label(CultureInfo culture) =>
        culture.TwoLetterISOLanguageName == "pl" && !string.IsNullOrWhiteSpace(NamePl) ? NamePl : Name;

    public string Label() => Label(CultureInfo.CurrentUICulture);

    public LeadStatus StatusKind => (LeadStatus)Kind;
}

/// <summary>
/// What an admin types for an option. <paramref name="Kind"/>: for a status one of <see cref="LeadOptionRules.StatusKinds"/>,
/// for a source a <see cref="LeadSource"/>, for a junk reason a <see cref="JunkReason"/> (null: "other"; a status must have one).
/// <paramref name="ExpectedVersion"/> is the version the admin's form was read at (ignored for a new option).
/// </summary>
public sealed record LeadOptionInput(LeadOptionList List, string Name, string? NamePl, int? Kind, bool IsActive = true, int ExpectedVersion = 0);

/// <summary>The three lists as one snapshot: what forms, lists, the lead page and exports show.</summary>
public sealed class LeadOptionSet(IReadOnlyList<LeadOptionView> options)
{
    private readonly Dictionary<int, LeadOptionView> _byId = options.ToDictionary(o => o.Id);

    public static readonly LeadOptionSet Empty = new([]);

    public IReadOnlyList<LeadOptionView> All { get; } = [.. options.OrderBy(o => o.List).ThenBy(o => o.Sort).ThenBy(o => o.Id)];

    /// <summary>The options of <paramref name="list"/> in their order, inactive ones too.</summary>
    public IReadOnlyList<LeadOptionView> Of(LeadOptionList list) => [.. All.Where(o => o.List == list)];

    /// <summary>What a form offers: the active options of <paramref name="list"/>, and <paramref name="current"/> (kept even when inactive).</summary>
    public IReadOnlyList<LeadOptionView> Offered(LeadOptionList list, int? current = null) =>
        [.. All.Where(o => o.List == list && (o.IsActive || o.Id == current))];

    /// <summary>The statuses a user may choose on an open lead: active ones of an open kind (and the lead's own).</summary>
    public IReadOnlyList<LeadOptionView> OpenStatuses(int? current = null) =>
        [.. Offered(LeadOptionList.Status, current).Where(o => LeadOptionRules.IsOpen(o.StatusKind))];

    public LeadOptionView? Find(int? id) => id is { } key ? _byId.GetValueOrDefault(key) : null;

    /// <summary>The option's name in the current UI language, or "" for an unknown id.</summary>
    public string Label(int? id) => Find(id)?.Label() ?? "";

    /// <summary>
    /// The option a lead of kind <paramref name="kind"/> gets when nobody chose one (a web form's lead, Complete lead,
    /// the import, the API without an id): the first active option of that kind, else the first of that kind at all.
    /// </summary>
    public LeadOptionView? Default(LeadOptionList list, int kind) =>
        All.FirstOrDefault(o => o.List == list && o.Kind == kind && o.IsActive) ?? All.FirstOrDefault(o => o.List == list && o.Kind == kind);

    /// <summary>
    /// A new lead's options and kinds made equal (decision 030): a chosen option sets its kind, a kind without an
    /// option takes the kind's <see cref="Default"/>. The context's save does it for every new lead; a lead written
    /// without that save (the import's set-based insert) has it done here.
    /// </summary>
    internal void AssignNew(Lead lead)
    {
        if (lead.StatusId != 0 && Find(lead.StatusId) is { List: LeadOptionList.Status } status)
        {
            lead.Status = status.StatusKind;
        }
        else
        {
            lead.Status = LeadOptionRules.Normalize(lead.Status);
            lead.StatusId = Default(LeadOptionList.Status, (int)lead.Status)?.Id ?? lead.StatusId;
        }
        if (lead.SourceId != 0 && Find(lead.SourceId) is { List: LeadOptionList.Source } source)
        {
            lead.Source = (LeadSource)source.Kind;
        }
        else
        {
            lead.SourceId = Default(LeadOptionList.Source, (int)lead.Source)?.Id ?? lead.SourceId;
        }
        if (lead.JunkReasonId is { } junkId && Find(junkId) is { List: LeadOptionList.JunkReason } junk)
        {
            lead.JunkReason = (JunkReason)junk.Kind;
        }
        else
        {
            lead.JunkReasonId = lead.JunkReason is { } reason ? Default(LeadOptionList.JunkReason, (int)reason)?.Id : null;
        }
    }

    public static async Task<LeadOptionSet> LoadAsync(CrmDbContext db, CancellationToken ct) =>
        new(await db.LeadOptions.AsNoTracking()
            .Select(o => new LeadOptionView(o.Id, o.List, o.Kind, o.Name, o.NamePl, o.Sort, o.IsActive, o.Version)).ToListAsync(ct));

    internal static LeadOptionSet Load(CrmDbContext db) =>
        new([.. db.LeadOptions.AsNoTracking().Select(o => new LeadOptionView(o.Id, o.List, o.Kind, o.Name, o.NamePl, o.Sort, o.IsActive, o.Version))]);
}

/// <summary>An admin changed a lead status, source or junk reason: lead lists, lead pages, forms and the settings page read them again.</summary>
public sealed record LeadOptionsChanged : CrmEvent
{
    [System.Text.Json.Serialization.JsonIgnore]
    public override IReadOnlyList<string> Topics => [LiveTopics.LeadOptions];
}
