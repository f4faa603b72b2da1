using CrmBlazor.Core;
using CrmBlazor.Core.Seeding;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace CrmBlazor;

/// <summary>Tells whoever started the app where it listens and how to sign in to the demo.</summary>
internal static class StartupBanner
{
    public static void Print(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        Console.WriteLine();
        Console.WriteLine($"CrmBlazor is running at {string.Join(", ", addresses)}");
        if (app.Services.GetRequiredService<IOptions<CrmOptions>>().Value.SeedDemoData)
        {
            Console.WriteLine($"Demo logins (password {CrmDatabaseInitializer.DemoPassword}):");
            Console.WriteLine("  admin@demo.crm    Admin");
            Console.WriteLine("  manager@demo.crm  Manager");
            Console.WriteLine("  anna@demo.crm     Sales");
            Console.WriteLine("  piotr@demo.crm    Sales");
        }
        Console.WriteLine("Press Ctrl+C to stop.");
        Console.WriteLine();
    }
}
