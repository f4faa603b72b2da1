using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CrmBlazor.Health;

/// <summary>
/// OpenTelemetry metrics and traces, exported over OTLP, only when the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>
/// is set (the other <c>OTEL_*</c> variables, such as <c>OTEL_SERVICE_NAME</c> and <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>,
/// apply as usual). Without it nothing is collected.
/// </summary>
internal static class CrmTelemetry
{
    public const string EndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>ASP.NET Core, Kestrel, SignalR's connections, Blazor (.NET 10), EF Core, Npgsql, and the app's own meter.</summary>
    public static readonly string[] Meters =
    [
        CrmMetrics.Name,
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Http.Connections",
        "Microsoft.AspNetCore.Components",
        "Microsoft.AspNetCore.Components.Lifecycle",
        "Microsoft.AspNetCore.Components.Server.Circuits",
        "Microsoft.AspNetCore.Identity",
        "Microsoft.EntityFrameworkCore",
        "Npgsql",
    ];

    /// <summary>The hub's method calls (SignalR), Blazor's circuits, navigations and events (.NET 10), Npgsql, and the commits.</summary>
    public static readonly string[] Sources =
    [
        CrmMetrics.Name,
        "Microsoft.AspNetCore.SignalR.Server",
        "Microsoft.AspNetCore.Components",
        "Microsoft.AspNetCore.Components.Server.Circuits",
        "Npgsql",
    ];

    public static IServiceCollection AddCrmTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(configuration[EndpointSetting]))
        {
            return services;
        }
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("CrmBlazor"))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddMeter(Meters)
                .AddOtlpExporter())
            .WithTracing(tracing => tracing
                // Probes every few seconds would drown the traces that matter.
                .AddAspNetCoreInstrumentation(options => options.Filter = context => !context.Request.Path.StartsWithSegments("/health"))
                .AddEntityFrameworkCoreInstrumentation()
                .AddSource(Sources)
                .AddOtlpExporter());
        return services;
    }
}
