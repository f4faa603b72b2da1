using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace CrmBlazor.Core.Data;

/// <summary>
/// The CRM's data and its users (ASP.NET Core Identity) in one database.
/// </summary>
/// <remarks>
/// Migrations are applied at start-up. To add one after changing the model, from the repository root:
/// <code>dotnet ef migrations add NAME --project CrmBlazor.Core --context CrmDbContext --output-dir Data/Migrations</code>
/// and the same for PostgreSQL (see <see cref="Postgres.PostgresCrmDbContext"/>).
/// (the design-time context comes from <see cref="DesignTimeDbContextFactory"/>).
/// </remarks>
public class CrmDbContext(DbContextOptions options) : IdentityDbContext<CrmUser>(options), IDataProtectionKeyContext
{
    /// <summary>Keys that protect sign-in cookies: kept in the database so they survive restarts and are shared by every server.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Pipeline> Pipelines => Set<Pipeline>();
    public DbSet<Stage> Stages => Set<Stage>();
    public DbSet<Deal> Deals => Set<Deal>();
    public DbSet<DealStageChange> DealStageChanges => Set<DealStageChange>();
    public DbSet<LostReason> LostReasons => Set<LostReason>();
    public DbSet<Currency> Currencies => Set<Currencies.Currency>();
    public DbSet<ExchangeRate> ExchangeRates => Set<ExchangeRate>();
    public DbSet<Contact> Contacts => Set<Contact>();
    public DbSet<Company> Companies => Set<Company>();
    public DbSet<Lead> Leads => Set<Lead>();
    public DbSet<LeadOption> LeadOptions => Set<LeadOption>();
    public DbSet<CustomField> CustomFields => Set<CustomField>();
    public DbSet<Activity> Activities => Set<Activity>();
    public DbSet<TimelineEntry> TimelineEntries => Set<TimelineEntry>();
    public DbSet<Import.ImportRun> ImportRuns => Set<Import.ImportRun>();
    public DbSet<Import.ImportRunRecord> ImportRunRecords => Set<Import.ImportRunRecord>();
    public DbSet<Import.ImportRunFailure> ImportRunFailures => Set<Import.ImportRunFailure>();
    public DbSet<Import.ImportPreset> ImportPresets => Set<Import.ImportPreset>();
    public DbSet<SavedViews.SavedView> SavedViews => Set<SavedViews.SavedView>();
    public DbSet<Department> Departments => Set<Department>();
    public DbSet<AccessRole> AccessRoles => Set<AccessRole>();
    public DbSet<AccessRoleGrant> AccessRoleGrants => Set<AccessRoleGrant>();

    /// <summary>
    /// The user the current use case acts for, whom <see cref="AuditInterceptor"/> records as creating or changing
    /// rows; null for the system. Set through <see cref="CrmDbContextFactoryExtensions.CreateDbContextAsync(IDbContextFactory{CrmDbContext}, Actor, CancellationToken)"/>.
    /// </summary>
    public string? ActingUserId { get; set; }

    /// <summary>Timeline entries about records added in the same save, whose keys the database has yet to generate.</summary>
    internal List<PendingKey> PendingKeys { get; } = [];

    /// <summary>
    /// Settings' lead options as the use case read them to validate its input: the save syncs the leads' kinds with
    /// the same ones rather than reading them again (null: the save reads them).
    /// </summary>
    internal LeadOptionSet? LeadOptionsRead { get; set; }

    /// <summary>
    /// The custom fields of each kind of element as this use case first read them (<see cref="CustomFieldSet.LoadAsync"/>):
    /// its validation, its save and its read-back use the same definitions, read once.
    /// </summary>
    internal Dictionary<ElementKind, CustomFieldSet> CustomFieldSetsRead { get; } = [];
    public DbSet<Product> Products => Set<Product>();
    public DbSet<ProductSection> ProductSections => Set<ProductSection>();
    public DbSet<DealProductLine> DealProductLines => Set<DealProductLine>();
    public DbSet<WebForm> WebForms => Set<WebForm>();
    public DbSet<WebFormSubmission> WebFormSubmissions => Set<WebFormSubmission>();
    public DbSet<Search.SearchEntry> SearchEntries => Set<Search.SearchEntry>();
    public DbSet<RecycleBin.ErasureRecord> ErasureRecords => Set<RecycleBin.ErasureRecord>();
    public DbSet<Mail.Mailbox> Mailboxes => Set<Mail.Mailbox>();
    public DbSet<Mail.MailFolderCursor> MailFolderCursors => Set<Mail.MailFolderCursor>();
    public DbSet<Mail.MailMessage> MailMessages => Set<Mail.MailMessage>();
    public DbSet<Mail.MailRejected> MailRejected => Set<Mail.MailRejected>();
    public DbSet<Mail.MailTemplate> MailTemplates => Set<Mail.MailTemplate>();
    public DbSet<Mail.MailSignature> MailSignatures => Set<Mail.MailSignature>();
    public DbSet<LiveEventRecord> LiveEvents => Set<LiveEventRecord>();
    public DbSet<Reports.DealFunnelDay> DealFunnelDays => Set<Reports.DealFunnelDay>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(CrmDbContext).Assembly);
        MoneySum.Register(builder, Database.IsSqlite());
        if (Database.IsSqlite())
        {
            // Exchange rates keep eight decimals, past the scaled integer money uses: SQLite's own decimal-as-text.
            builder.Entity<ExchangeRate>().Property(r => r.Rate).HasConversion<string>();
            // The funnel's roll-up, read from this index alone (see DealFunnelDayConfiguration).
            builder.Entity<Reports.DealFunnelDay>()
                .HasIndex(r => new { r.PipelineId, r.StageId, r.FurthestOpenStageSort, r.Currency, r.Day, r.ResponsibleUserId, r.Count, r.AmountHigh, r.AmountLow })
                .HasDatabaseName("IX_DealFunnelDays_Key");
        }
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder builder)
    {
        if (Database.IsSqlite())
        {
            // SQLite has no decimal type. Stored as a scaled integer, money keeps exact cents and the database can
            // SUM and ORDER BY it natively (a decimal stored as TEXT needs a managed function per row).
            builder.Properties<decimal>().HaveConversion<MoneyToScaledIntegerConverter>();
        }
        else
        {
            builder.Properties<decimal>().HavePrecision(18, 4);
        }
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        if (PendingKeys.Count > 0)
        {
            throw new InvalidOperationException("Timeline entries of new elements are saved by SaveChangesAsync.");
        }
        var leads = LeadsToSync();
        if (leads.Count > 0)
        {
            SyncLeadOptions(leads, LeadOptionSet.Load(this));
        }
        BumpVersions();
        if (!Search.SearchIndexer.Collect(ChangeTracker).IsEmpty)
        {
            throw new InvalidOperationException("Searchable elements are saved by SaveChangesAsync, which keeps the search index.");
        }
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var leads = LeadsToSync();
        if (leads.Count > 0)
        {
            SyncLeadOptions(leads, LeadOptionsRead ?? await LeadOptionSet.LoadAsync(this, cancellationToken));
        }
        BumpVersions();
        var searchable = Search.SearchIndexer.Collect(ChangeTracker);
        if (PendingKeys.Count == 0 && searchable.IsEmpty)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        // New elements first, then their "created" entries with the generated keys, then the search index rows of
        // what changed, read back from the database: several statements, one transaction.
        var pending = PendingKeys.ToList();
        PendingKeys.Clear();
        var ownTransaction = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            var count = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            if (pending.Count > 0)
            {
                foreach (var (entry, keyed, assign) in pending)
                {
                    assign(entry, (int)Entry(keyed).Property("Id").CurrentValue!);
                    TimelineEntries.Add(entry);
                }
                count += await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            }
            if (!searchable.IsEmpty)
            {
                await Search.SearchIndexer.UpdateAsync(this, searchable, cancellationToken);
                await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            }
            if (ownTransaction is not null)
            {
                await ownTransaction.CommitAsync(cancellationToken);
            }
            return count;
        }
        finally
        {
            if (ownTransaction is not null)
            {
                await ownTransaction.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// The leads being saved whose status, source or junk reason (Settings' options) and its kind may differ (decision
    /// 030): new ones, and changed ones where either side changed. Read without a query; only then are the options read.
    /// </summary>
    private List<EntityEntry<Lead>> LeadsToSync() =>
    [
        .. ChangeTracker.Entries<Lead>().Where(e => e.State == EntityState.Added || (e.State == EntityState.Modified && (
            e.Property(l => l.StatusId).IsModified || e.Property(l => l.Status).IsModified ||
            e.Property(l => l.SourceId).IsModified || e.Property(l => l.Source).IsModified ||
            e.Property(l => l.JunkReasonId).IsModified || e.Property(l => l.JunkReason).IsModified))),
    ];

    /// <summary>
    /// A chosen option (its id set or changed) sets the kind; a kind set without an option (a web form's lead, Complete
    /// lead, the import, the API) takes the kind's default option (<see cref="LeadOptionSet.Default"/>). So counters,
    /// filters and rules keep reading the kind columns, and every lead points at an option.
    /// </summary>
    private static void SyncLeadOptions(List<EntityEntry<Lead>> entries, LeadOptionSet options)
    {
        foreach (var entry in entries)
        {
            var lead = entry.Entity;
            if (entry.State == EntityState.Added)
            {
                options.AssignNew(lead);
                continue;
            }
            if (lead.StatusId != 0 && entry.Property(l => l.StatusId).IsModified && options.Find(lead.StatusId) is { List: LeadOptionList.Status } status)
            {
                lead.Status = status.StatusKind;
            }
            else if (entry.Property(l => l.Status).IsModified || lead.StatusId == 0)
            {
                lead.Status = LeadOptionRules.Normalize(lead.Status);
                lead.StatusId = options.Default(LeadOptionList.Status, (int)lead.Status)?.Id ?? lead.StatusId;
            }
            if (lead.SourceId != 0 && entry.Property(l => l.SourceId).IsModified && options.Find(lead.SourceId) is { List: LeadOptionList.Source } source)
            {
                lead.Source = (LeadSource)source.Kind;
            }
            else if (entry.Property(l => l.Source).IsModified || lead.SourceId == 0)
            {
                lead.SourceId = options.Default(LeadOptionList.Source, (int)lead.Source)?.Id ?? lead.SourceId;
            }
            if (lead.JunkReasonId is { } junkId && entry.Property(l => l.JunkReasonId).IsModified && options.Find(junkId) is { List: LeadOptionList.JunkReason } junk)
            {
                lead.JunkReason = (JunkReason)junk.Kind;
            }
            else if (lead.JunkReason is null)
            {
                lead.JunkReasonId = null;
            }
            else if (entry.Property(l => l.JunkReason).IsModified || lead.JunkReasonId is null)
            {
                lead.JunkReasonId = options.Default(LeadOptionList.JunkReason, (int)lead.JunkReason)?.Id;
            }
        }
    }

    private void BumpVersions()
    {
        foreach (var entry in ChangeTracker.Entries<Lead>())
        {
            if (entry.State is EntityState.Added or EntityState.Modified)
            {
                entry.Entity.RefreshSearchText();
            }
        }
        foreach (var entry in ChangeTracker.Entries<IVersioned>())
        {
            if (entry.State == EntityState.Modified)
            {
                entry.Entity.Version++;
            }
        }
    }
}
