using CrmBlazor.Core.Data.Postgres;
using CrmBlazor.Core.Reports;
using CrmBlazor.Core.Seeding;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CrmBlazor.Core;

public static class DependencyInjection
{
    /// <summary>
    /// The CRM's data and use cases. <paramref name="contentRoot"/> anchors a relative SQLite file name
    /// (<c>ConnectionStrings:Crm</c>, default <c>Data Source=crm.db</c>).
    /// </summary>
    public static IServiceCollection AddCrmCore(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.AddOptions<CrmOptions>()
            .Bind(configuration.GetSection(CrmOptions.Section))
            .PostConfigure(options =>
            {
                // The binder appends a configured list to a default one, so the default is applied here instead.
                options.Currencies = options.Currencies.Count == 0 ? ["PLN", "EUR", "USD"] : options.Currencies.Distinct(StringComparer.Ordinal).ToList();
            });
        services.AddSingleton<AuditInterceptor>();
        var provider = configuration["Crm:DatabaseProvider"] ?? "Sqlite";
        if (string.Equals(provider, "Postgres", StringComparison.OrdinalIgnoreCase))
        {
            var connectionString = PostgresConnectionString(configuration.GetConnectionString("Crm")
                ?? throw new InvalidOperationException("Crm:DatabaseProvider is Postgres: set ConnectionStrings:Crm to a PostgreSQL connection string."));
            services.AddDbContextFactory<PostgresCrmDbContext>((sp, options) => options
                .UseNpgsql(connectionString)
                .AddInterceptors(sp.GetRequiredService<AuditInterceptor>()));
            services.AddSingleton<IDbContextFactory<CrmDbContext>, PostgresContextFactory>();
            services.AddScoped<CrmDbContext>(sp => sp.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContext());
        }
        else if (string.Equals(provider, "Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            var connectionString = SqliteConnectionString(configuration.GetConnectionString("Crm") ?? "Data Source=crm.db", contentRoot);
            services.AddDbContextFactory<CrmDbContext>((sp, options) => options
                .UseSqlite(connectionString)
                .AddInterceptors(new SqlitePragmas(), sp.GetRequiredService<AuditInterceptor>()));
        }
        else
        {
            throw new InvalidOperationException($"Crm:DatabaseProvider must be Sqlite or Postgres, not '{provider}'.");
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ILiveUpdates, LiveUpdates>();
        services.AddSingleton<Presence>();
        services.AddSingleton<PipelineService>();
        services.AddSingleton<PipelineSettingsService>();
        services.AddSingleton<DealBoardService>();
        services.AddSingleton<Currencies.CurrencyService>();
        services.AddSingleton<DealService>();
        services.AddSingleton<CompanyService>();
        services.AddSingleton<ContactService>();
        services.AddSingleton<UserDirectory>();
        services.AddSingleton<AccessProfiles>();
        services.AddSingleton<RecordAccess>();
        services.AddSingleton<UserAdminService>();
        services.AddSingleton<ProfileService>();
        services.AddSingleton<TeamSettingsService>();
        services.AddSingleton<LeadService>();
        services.AddSingleton<RecycleBinService>();
        services.AddSingleton<PlannerStatistics>();
        services.AddSingleton<ErasureService>();
        services.AddSingleton<Merging.MergeService>();
        services.AddSingleton<Merging.DuplicateReport>();
        services.AddSingleton<LeadConversionService>();
        services.AddSingleton<DuplicateFinder>();
        services.AddSingleton<Import.ImportQueue>();
        services.AddSingleton<Import.LeadImportService>();
        services.AddSingleton<CrmTime>();
        services.AddSingleton<ActivityService>();
        services.AddSingleton<CounterService>();
        services.AddSingleton<DeadlineWatch>();
        services.AddSingleton<TimelineService>();
        services.AddSingleton<FunnelService>();
        services.AddSingleton<FunnelRollupCompactor>();
        services.AddSingleton<ReportService>();
        services.AddSingleton<ProductService>();
        services.AddSingleton<LostReasonService>();
        services.AddSingleton<LeadOptionService>();
        services.AddSingleton<CustomFieldService>();
        services.AddSingleton<ListColumnService>();
        services.AddSingleton<SavedViews.SavedViewService>();
        services.AddSingleton<DealQueryService>();
        services.AddSingleton<SearchService>();
        services.AddSingleton<WebFormService>();
        services.AddSingleton<WebFormSubmissionService>();
        services.AddSingleton<Mail.MailSecrets>();
        services.AddSingleton<Mail.IMailFileStore>(sp => new Mail.LocalMailFileStore(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<CrmOptions>>(), contentRoot));
        services.AddSingleton<Mail.MailIntakeService>();
        services.AddSingleton<Mail.MailReader>();
        services.AddSingleton<Mail.MailboxService>();
        services.AddSingleton<Mail.MailSender>();
        services.AddSingleton<Mail.MailViewService>();
        services.AddSingleton<Mail.MailComposeService>();
        services.AddSingleton<Mail.MailTemplateService>();
        services.AddSingleton<ApiTokens.ApiTokenService>();
        services.AddSingleton<Activities.CalendarFeedService>();
        services.AddSingleton<Activities.ReminderService>();
        services.AddSingleton<Calls.CallService>();
        services.AddOptions<Webhooks.WebhookOptions>().Bind(configuration.GetSection(Webhooks.WebhookOptions.Section));
        services.TryAddSingleton<Webhooks.IWebhookSecretProtector, Webhooks.DataProtectionWebhookSecrets>();
        services.AddSingleton<Webhooks.WebhookDispatcher>();
        services.AddSingleton<Webhooks.WebhookService>();
        services.AddScoped<CrmDatabaseInitializer>();
        return services;
    }

    /// <summary>
    /// Npgsql prepares the statements a connection runs often (<c>Max Auto Prepare</c>, 64 unless the connection string
    /// sets it): the same few queries run for every edit and page, and PostgreSQL then binds them instead of parsing
    /// and planning each again.
    /// </summary>
    internal static string PostgresConnectionString(string configured)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = configured };
        if (given.ContainsKey("Max Auto Prepare") || given.ContainsKey("MaxAutoPrepare"))
        {
            return configured;
        }
        return new Npgsql.NpgsqlConnectionStringBuilder(configured) { MaxAutoPrepare = AutoPrepared }.ConnectionString;
    }

    internal const int AutoPrepared = 64;

    internal static string SqliteConnectionString(string configured, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(configured);
        if (!string.IsNullOrEmpty(builder.DataSource) && builder.DataSource != ":memory:" && !Path.IsPathRooted(builder.DataSource)
            && builder.Mode != SqliteOpenMode.Memory)
        {
            builder.DataSource = Path.GetFullPath(Path.Combine(contentRoot, builder.DataSource));
        }
        return builder.ToString();
    }
}
