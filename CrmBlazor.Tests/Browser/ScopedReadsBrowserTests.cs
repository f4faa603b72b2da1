using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

/// <summary>
/// What a user of "Sales (own only)" reads beyond the lists (issue 11): the board shows their cards with their
/// initials and none of another user's, History shows only their records, and a duplicate hint of a lead they may not
/// read says only that a duplicate exists. The role is shown by its Polish name to a Polish admin.
/// </summary>
public sealed class ScopedReadsBrowserTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task OwnOnlyUser_SeesTheirCardsWithInitials_OnlyTheirHistory_AndADuplicateHintWithoutDetails()
    {
        var run = Guid.NewGuid().ToString("N")[..6];
        var email = $"own-{run}@test.crm";
        var name = $"Olga Nowak{run}";
        using (var scope = Fixture.App.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<CrmUser>>();
            var user = new CrmUser { UserName = email, Email = email, DisplayName = name, EmailConfirmed = true, AccessRoleId = BuiltInRoles.SalesOwnOnlyId };
            Assert.True((await users.CreateAsync(user, BrowserFixture.Password)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, CrmRoles.Sales)).Succeeded);
        }
        var me = await Fixture.App.ActorAsync(email);
        var manager = await Fixture.App.ActorAsync("manager@demo.crm");
        var stageId = (await Fixture.App.Get<DealBoardService>().GetBoardAsync(null))!.Columns[0].Stage.Id;
        var mine = (await Fixture.App.Get<DealService>().CreateAsync(
            new DealInput { Title = "Mine " + run, Amount = 10, Currency = "PLN", StageId = stageId, ResponsibleUserId = me.UserId }, manager)).Value!;
        var theirs = (await Fixture.App.Get<DealService>().CreateAsync(
            new DealInput { Title = "Theirs " + run, Amount = 10, Currency = "PLN", StageId = stageId, ResponsibleUserId = manager.UserId }, manager)).Value!;
        var hiddenEmail = $"hidden-{run}@dup.pl";
        Assert.True((await Fixture.App.Get<LeadService>().CreateAsync(
            new LeadInput { Title = "Hidden lead " + run, Emails = [new EmailInput(hiddenEmail)], ResponsibleUserId = manager.UserId }, manager)).IsOk);

        var page = await Fixture.SignInAsync(email, "/deals");
        var myCard = page.Locator($"[data-deal-id='{mine.Id}']");
        await Expect(myCard).ToBeVisibleAsync();
        await Expect(myCard.Locator("[data-initials]")).ToHaveAttributeAsync("data-initials", "ON");
        await Expect(page.Locator($"[data-deal-id='{theirs.Id}']")).ToHaveCountAsync(0);

        await page.GotoAsync(Fixture.App.BaseUrl + "/history");
        await BrowserFixture.WaitInteractiveAsync(page);
        await Expect(page.GetByText("Mine " + run).First).ToBeVisibleAsync();
        await Expect(page.GetByText("Theirs " + run)).ToHaveCountAsync(0);
        await Axe.AssertAccessibleAsync(page);

        await page.GotoAsync(Fixture.App.BaseUrl + "/leads/new");
        await BrowserFixture.WaitInteractiveAsync(page);
        var emailField = page.GetByRole(Microsoft.Playwright.AriaRole.Textbox, new() { NameRegex = new System.Text.RegularExpressions.Regex(@"^E-mail\s*\*?$") });
        await emailField.FillAsync(hiddenEmail);
        await emailField.PressAsync("Tab");
        var hint = page.GetByTestId("duplicate");
        await Expect(hint).ToContainTextAsync("A duplicate exists (Lead) that you may not see.");
        await Expect(page.GetByTestId("duplicates")).Not.ToContainTextAsync("Hidden lead " + run);
        await Expect(hint).Not.ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("."));
        await CloseCheckedAsync(page);
    }
}
