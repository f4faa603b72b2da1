using Microsoft.Playwright;
using static CrmBlazor.Tests.Infrastructure.InPlaceFields;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

/// <summary>
/// Two users, two browser contexts: what one saves reaches the list or page the other has open, with no reload
/// (each test counts the watcher's navigations).
/// </summary>
public sealed class LiveListsBrowserTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private static string Unique(string name) => $"{name} {Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>Counts the page's navigations from now on: a live change must not need one.</summary>
    private static Func<int> CountNavigations(IPage page)
    {
        var navigations = 0;
        page.FrameNavigated += (_, frame) =>
        {
            if (frame == page.MainFrame)
            {
                navigations++;
            }
        };
        return () => navigations;
    }

    [Fact]
    public async Task ContactList_AnotherUserAddsThenRenamesAContact_ShowsItWithoutReload()
    {
        var firstName = Unique("Livia");
        var watcher = await Fixture.SignInAsync("anna@demo.crm", "/contacts");
        await watcher.GetByPlaceholder("Search").FillAsync(firstName);
        await Expect(watcher.GetByTestId("contacts-table").GetByText("Nothing matches these filters.")).ToBeVisibleAsync();
        var navigations = CountNavigations(watcher);
        var editor = await Fixture.SignInAsync("manager@demo.crm", "/contacts");

        await editor.GetByRole(AriaRole.Button, new() { Name = "New contact" }).ClickAsync();
        var dialog = editor.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("First name").FillAsync(firstName);
        await dialog.GetByLabel("Last name").FillAsync("Kowalczyk");
        await Axe.AssertAccessibleAsync(editor);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(editor.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);

        await Expect(watcher.GetByRole(AriaRole.Link, new() { Name = $"{firstName} Kowalczyk" })).ToBeVisibleAsync();

        var contactId = (await Fixture.App.Get<ContactService>().ListAsync(new ContactQuery { Search = firstName, Take = 1 })).Items.Single().Id;
        await editor.GotoAsync($"/contacts/{contactId}");
        await BrowserFixture.WaitInteractiveAsync(editor);
        await EditAsync(editor, "LastName", "Nowicka");

        await Expect(watcher.GetByRole(AriaRole.Link, new() { Name = $"{firstName} Nowicka" })).ToBeVisibleAsync();
        await Expect(watcher.GetByRole(AriaRole.Link, new() { Name = $"{firstName} Kowalczyk" })).ToHaveCountAsync(0);
        Assert.Equal(0, navigations());
        await CloseCheckedAsync(editor, watcher);
    }

    [Fact]
    public async Task ContactPage_AnotherUserSavesTheContact_TheFieldsFollowWithoutReload()
    {
        var firstName = Unique("Fieldwatch");
        var manager = await Fixture.App.ActorAsync("manager@demo.crm");
        var contact = (await Fixture.App.Get<ContactService>().SaveAsync(null, 0,
            new ContactInput { FirstName = firstName, LastName = "Before", ResponsibleUserId = manager.UserId }, manager)).Value!;
        var watcher = await Fixture.SignInAsync("anna@demo.crm", $"/contacts/{contact.Id}");
        await Expect(Shown(watcher, "LastName")).ToContainTextAsync("Before");
        var navigations = CountNavigations(watcher);
        var editor = await Fixture.SignInAsync("manager@demo.crm", $"/contacts/{contact.Id}");

        await EditAsync(editor, "LastName", "After");
        await EditAsync(editor, "Position", "Buyer");

        await Expect(Shown(watcher, "LastName")).ToContainTextAsync("After");
        await Expect(Shown(watcher, "Position")).ToContainTextAsync("Buyer");
        await Expect(watcher.GetByTestId("contact-name")).ToHaveTextAsync($"{firstName} After");
        Assert.Equal(0, navigations());
        await CloseCheckedAsync(editor, watcher);
    }

    [Fact]
    public async Task ContactPage_AnotherUserSavesWhileThisOneTypes_KeepsTheTypingAndSaysWhoSaved()
    {
        var firstName = Unique("Typist");
        var manager = await Fixture.App.ActorAsync("manager@demo.crm");
        var contact = (await Fixture.App.Get<ContactService>().SaveAsync(null, 0,
            new ContactInput { FirstName = firstName, LastName = "Before" }, manager)).Value!;
        var typist = await Fixture.SignInAsync("manager@demo.crm", $"/contacts/{contact.Id}");
        await Expect(Shown(typist, "LastName")).ToContainTextAsync("Before");
        await Shown(typist, "Position").ClickAsync();
        var position = Editor(typist, "Position").Locator("input");
        await position.FillAsync("Typed, not saved");
        // The typing has reached the server (it goes there as typed, and a save that came first would rightly just
        // reload the fields).
        await Expect(Editor(typist, "Position")).ToHaveAttributeAsync("data-unsaved", "true");

        var admin = await Fixture.App.ActorAsync("admin@demo.crm");
        var current = (await Fixture.App.Get<ContactService>().GetAsync(contact.Id))!;
        Assert.True((await Fixture.App.Get<ContactService>().SaveAsync(contact.Id, current.Version, current.Input with { LastName = "Theirs" }, admin)).IsOk);

        await Expect(typist.GetByTestId("saved-elsewhere")).ToContainTextAsync("Adam Nowak");
        await Expect(position).ToHaveValueAsync("Typed, not saved");
        await Expect(Shown(typist, "LastName")).ToContainTextAsync("Before");

        // Showing theirs drops the typing (leaving the field would have been refused as a conflict, and said so).
        await typist.GetByTestId("saved-elsewhere").GetByRole(AriaRole.Button).ClickAsync();
        await Expect(Shown(typist, "LastName")).ToContainTextAsync("Theirs");
        await Expect(typist.GetByTestId("saved-elsewhere")).ToHaveCountAsync(0);
        await CloseCheckedAsync(typist);
    }

    [Fact]
    public async Task CompanyList_AnotherUserAddsACompany_ShowsItWithoutReload()
    {
        var name = Unique("Livewire Ltd");
        var watcher = await Fixture.SignInAsync("piotr@demo.crm", "/companies");
        await watcher.GetByPlaceholder("Search").FillAsync(name);
        await Expect(watcher.GetByText("Nothing matches these filters.")).ToBeVisibleAsync();
        var navigations = CountNavigations(watcher);
        var editor = await Fixture.SignInAsync("anna@demo.crm", "/companies");

        await editor.GetByRole(AriaRole.Button, new() { Name = "New company" }).ClickAsync();
        var dialog = editor.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Name").FillAsync(name);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(editor.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);

        await Expect(watcher.GetByRole(AriaRole.Link, new() { Name = name })).ToBeVisibleAsync();
        Assert.Equal(0, navigations());
        await CloseCheckedAsync(editor, watcher);
    }

    [Fact]
    public async Task ProductList_AManagerAddsThenRenamesAProduct_ASalesUsersListFollowsWithoutReload()
    {
        var name = Unique("Livewire cable");
        var watcher = await Fixture.SignInAsync("piotr@demo.crm", "/products");
        await watcher.GetByPlaceholder("Search").FillAsync(name);
        await Expect(watcher.GetByTestId("list-no-matches")).ToBeVisibleAsync(); // searched: "no matches", not "nothing here yet"
        var navigations = CountNavigations(watcher);
        var manager = await Fixture.SignInAsync("manager@demo.crm", "/products");

        await manager.GetByRole(AriaRole.Button, new() { Name = "New product" }).ClickAsync();
        var dialog = manager.GetByRole(AriaRole.Dialog);
        // The dialog focuses its first field once it has rendered (MudBlazor's focus trap, from JS). On a busy machine
        // that came after the next fill had focused Unit, so the unit's "m" went into the name: wait for it first.
        await Expect(dialog.GetByLabel("Name")).ToBeFocusedAsync();
        await dialog.GetByLabel("Name").FillAsync(name);
        await dialog.GetByLabel("Unit").FillAsync("m");
        await dialog.GetByLabel("Net price").FillAsync("12.5");
        await Axe.AssertAccessibleAsync(manager);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);

        await Expect(watcher.GetByRole(AriaRole.Cell, new() { Name = name, Exact = true })).ToBeVisibleAsync();

        await manager.GetByPlaceholder("Search").FillAsync(name);
        await Expect(manager.GetByTestId("products-table").Locator("tbody tr")).ToHaveCountAsync(1); // the search has run
        await manager.GetByRole(AriaRole.Cell, new() { Name = name, Exact = true }).ClickAsync();
        await dialog.GetByLabel("Name").FillAsync(name + " 5 m");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await Expect(watcher.GetByRole(AriaRole.Cell, new() { Name = name + " 5 m", Exact = true })).ToBeVisibleAsync();
        Assert.Equal(0, navigations());
        await CloseCheckedAsync(manager, watcher);
    }

    [Fact]
    public async Task DealPage_AnotherUserSavesThatDeal_ThePageFollowsWithoutReload()
    {
        var (deal, _) = await Fixture.App.NewDealAsync(Unique("Watched deal"));
        var watcher = await Fixture.SignInAsync("anna@demo.crm", $"/deals/{deal.Id}");
        await Expect(watcher.GetByTestId("deal-title")).ToHaveTextAsync(deal.Title);
        var navigations = CountNavigations(watcher);
        var editor = await Fixture.SignInAsync("manager@demo.crm", $"/deals/{deal.Id}");

        await EditAsync(editor, "Title", deal.Title + " (renamed)");
        await EditAsync(editor, "Amount", "4321");

        await Expect(watcher.GetByTestId("deal-title")).ToHaveTextAsync(deal.Title + " (renamed)");
        await Expect(watcher.GetByTestId("deal-amount")).ToContainTextAsync("4,321");
        Assert.Equal(0, navigations());
        await CloseCheckedAsync(editor, watcher);
    }
}
