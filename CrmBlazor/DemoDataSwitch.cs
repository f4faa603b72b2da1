using CrmBlazor.Core.Seeding;
using Microsoft.Extensions.Configuration.CommandLine;

namespace CrmBlazor;

/// <summary>
/// Whether a new database gets the demo team (well-known passwords) and demo data. In Development it does unless
/// <c>Crm:SeedDemoData</c> is false. Anywhere else only the command line may turn it on
/// (<c>--Crm:SeedDemoData=true</c>): a value left in a settings file or an environment variable never puts demo
/// accounts into a production database by accident, and is refused with a message rather than ignored.
/// </summary>
internal static class DemoDataSwitch
{
    public const string Key = "Crm:SeedDemoData";

    public static bool Resolve(IConfiguration configuration, IHostEnvironment environment)
    {
        var value = ParseOrNull(configuration[Key]);
        if (environment.IsDevelopment())
        {
            return value ?? true;
        }
        if (value != true)
        {
            return false;
        }
        var fromCommandLine = configuration is IConfigurationRoot root
            && root.Providers.OfType<CommandLineConfigurationProvider>().Any(p => p.TryGet(Key, out var v) && ParseOrNull(v) == true);
        if (!fromCommandLine)
        {
            throw new CrmStartupException(
                $"{Key} is true, but outside Development (this is {environment.EnvironmentName}) demo accounts are only " +
                $"seeded when asked on the command line: start with --{Key}=true for a demo, or remove the setting.");
        }
        return true;
    }

    private static bool? ParseOrNull(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null
        : bool.TryParse(value, out var parsed) ? parsed
        : throw new CrmStartupException($"{Key} must be true or false, not '{value}'.");
}
