using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

/// <summary>Merging two contacts from the duplicates report and seeing their deals together (decision 020).</summary>
public sealed class MergeBrowserTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task MergeTwoContacts_TheirDealsAreTogether()
    {
        var name = $"Dup{Guid.NewGuid():N}"[..14];
        var email = $"{name.ToLowerInvariant()}@merge.test";
        var manager = await Fixture.App.ActorAsync("manager@demo.crm");
        var contacts = Fixture.App.Get<ContactService>();
        var first = (await contacts.SaveAsync(null, 0, new ContactInput { FirstName = name, LastName = "One", Email = email }, manager)).Value!;
        var second = (await contacts.SaveAsync(null, 0, new ContactInput { FirstName = name, LastName = "Two", Email = email.ToUpperInvariant() }, manager)).Value!;
        var stage = (await Fixture.App.Get<DealBoardService>().GetBoardAsync(null))!.Columns[0].Stage.Id;
        await Fixture.App.Get<DealService>().CreateAsync(new DealInput { Title = $"{name} deal A", Amount = 10, Currency = "PLN", StageId = stage, ContactId = first.Id }, manager);
        await Fixture.App.Get<DealService>().CreateAsync(new DealInput { Title = $"{name} deal B", Amount = 20, Currency = "PLN", StageId = stage, ContactId = second.Id }, manager);

        var page = await Fixture.SignInAsync("manager@demo.crm", "/duplicates");
        var pair = page.Locator($"[data-testid=duplicate-pair][data-pair='{first.Id}-{second.Id}']").First;
        await Expect(pair).ToBeVisibleAsync();
        await pair.GetByTestId("duplicate-merge").ClickAsync();
        var chooser = page.GetByTestId("merge-chooser");
        await Expect(chooser).ToBeVisibleAsync();
        await Axe.AssertAccessibleAsync(page);
        await chooser.GetByText("Two", new() { Exact = true }).ClickAsync();
        await chooser.GetByTestId("merge-run").ClickAsync();

        await Expect(page.GetByTestId("contact-name")).ToHaveTextAsync($"{name} Two");
        await Expect(page.GetByTestId("party-deal")).ToHaveCountAsync(2);
        Assert.Null(await contacts.GetAsync(second.Id));
        await CloseCheckedAsync(page);
    }
}
