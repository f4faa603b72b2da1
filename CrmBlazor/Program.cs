using CrmBlazor;
using CrmBlazor.Components;
using CrmBlazor.Core.Seeding;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddTopLevelSettings();
builder.Services.AddCrmWeb(builder.Configuration, builder.Environment);

var app = builder.Build();
app.UseCrmResponseCompression();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
}
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseRequestLocalization();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapStaticAssets().AllowAnonymous();
app.MapCrmEndpoints();
app.MapRazorComponents<App>()
    .AddInteractiveServerRenderMode();

await using (var scope = app.Services.CreateAsyncScope())
{
    await scope.ServiceProvider.GetRequiredService<CrmDatabaseInitializer>().InitializeAsync();
}
app.Lifetime.ApplicationStarted.Register(() => StartupBanner.Print(app));

app.Run();

/// <summary>The entry point, visible to <c>WebApplicationFactory</c> in tests.</summary>
public partial class Program;
