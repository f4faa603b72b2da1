using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

/// <summary>The GDPR erasure from a contact's page (admins; decision 020), live on another user's contact list.</summary>
public sealed class ErasureBrowserTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task AdminErasesAContact_AfterTypingTheName_ItLeavesAnotherUsersListLive_AndSalesSeeNoErase()
    {
        var first = $"Erin{Guid.NewGuid():N}"[..14];
        var anna = await Fixture.App.ActorAsync("anna@demo.crm");
        var contact = (await Fixture.App.Get<ContactService>().SaveAsync(null, 0,
            new ContactInput { FirstName = first, LastName = "Forgotten", Email = $"{first.ToLowerInvariant()}@example.pl", ResponsibleUserId = anna.UserId }, anna)).Value!;
        var name = $"{first} Forgotten";

        var watcher = await Fixture.SignInAsync("anna@demo.crm", $"/contacts/{contact.Id}");
        await Expect(watcher.GetByTestId("contact-name")).ToHaveTextAsync(name);
        await Expect(watcher.GetByTestId("erase-element")).ToHaveCountAsync(0);
        await watcher.GotoAsync("/contacts");
        await watcher.GetByPlaceholder("Search").FillAsync(first);
        await Expect(watcher.GetByRole(AriaRole.Link, new() { Name = name })).ToBeVisibleAsync();

        // An admin of its own: another test locks the demo admin out on purpose.
        var admin = await Fixture.SignInAsync(await Fixture.EnsureAdminAsync("erasure-admin@test.crm"), $"/contacts/{contact.Id}");
        await admin.GetByTestId("erase-element").ClickAsync();
        var dialog = admin.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToContainTextAsync("cannot be undone");
        await Axe.AssertAccessibleAsync(admin);
        var run = dialog.GetByTestId("erase-run");
        await Expect(run).ToBeDisabledAsync();
        await dialog.GetByLabel($"Type \"{name}\" to confirm").FillAsync(name.ToUpperInvariant());
        await Expect(run).ToBeEnabledAsync();
        await run.ClickAsync();

        await Expect(admin.GetByText($"The personal data of {name} has been erased.")).ToBeVisibleAsync();
        await Expect(admin).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/contacts$"));
        await Expect(watcher.GetByRole(AriaRole.Link, new() { Name = name })).ToHaveCountAsync(0);
        await using (var db = await Fixture.App.Get<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync())
        {
            Assert.False(await db.Contacts.IgnoreQueryFilters().AnyAsync(c => c.Id == contact.Id));
            Assert.True(await db.ErasureRecords.AnyAsync(r => r.Records == $"Contact {contact.Id}"));
        }
        await CloseCheckedAsync(admin, watcher);
    }
}
