using CrmBlazor;
using CrmBlazor.Components;
using CrmBlazor.Core.Seeding;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddTopLevelSettings();
try
{
    builder.Services.AddCrmWeb(builder.Configuration, builder.Environment);
}
catch (CrmStartupException e)
{
    Console.Error.WriteLine($"CrmBlazor cannot start: {e.Message}");
    return 1;
}

var app = builder.Build();
app.UseCrmSecurityHeaders();
app.UseCrmResponseCompression();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
}
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseRequestLocalization();
app.UseAuthentication();
app.UseAuthorization();
app.UseSignInRateLimiting();
app.UseAntiforgery();

app.MapStaticAssets().AllowAnonymous();
app.MapCrmEndpoints();
app.MapRazorComponents<App>()
    .AddInteractiveServerRenderMode();

try
{
    await using var scope = app.Services.CreateAsyncScope();
    await scope.ServiceProvider.GetRequiredService<CrmDatabaseInitializer>().InitializeAsync();
}
catch (CrmStartupException e)
{
    // A configuration to correct, not a bug: the operator gets the reason, not a stack trace.
    Console.Error.WriteLine($"CrmBlazor cannot start: {e.Message}");
    return 1;
}
app.Lifetime.ApplicationStarted.Register(() => StartupBanner.Print(app));

app.Run();
return 0;

/// <summary>The entry point, visible to <c>WebApplicationFactory</c> in tests.</summary>
public partial class Program;
