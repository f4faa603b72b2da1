using Bunit;
using CrmBlazor.Components.Elements;
using CrmBlazor.Components.Layout;
using CrmBlazor.Components.Pages.Activities;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace CrmBlazor.Tests.Components.Activities;

/// <summary>The counter badges, the activity form's validation and the timeline's entries, rendered by bunit over a real database.</summary>
public sealed class ActivityComponentTests : TeamComponentTest
{
    private ActivityService Activities => Db.Get<ActivityService>();

    protected override Actor SignedIn => Piotr;

    [Fact]
    public void CounterBadge_ShowsItsValue_AndHidesAtZero()
    {
        Assert.Equal("""<span class="crm-counter" data-counter="deals" data-overdue="0">3</span>""", CounterBadge.Markup("deals", 3).Value);
        Assert.Equal("""<span class="crm-counter zero" data-counter="leads" data-overdue="0">0</span>""", CounterBadge.Markup("leads", 0).Value);
        Assert.Equal("""<span class="crm-counter overdue" data-counter="total" data-overdue="2" aria-label="5 &lt;open&gt;">5</span>""",
            CounterBadge.Markup("total", 5, overdue: 2, label: "5 <open>").Value);
    }

    [Fact]
    public async Task NavMenu_ActivityAssignedThenCompleted_BadgesFollowLive()
    {
        var deal = ElementRef.Deal((await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Deal")).Id);
        var nav = Context.Render<NavMenu>();
        nav.WaitForAssertion(() => Assert.Equal("0", nav.Find("[data-counter=activities]").TextContent));

        var planned = await Activities.PlanAsync(deal, new ActivityInput
        {
            Type = ActivityType.Task, Subject = "Send the contract", Deadline = Clock.Now.UtcDateTime.AddHours(-1), ResponsibleUserId = Piotr.UserId,
        }, Anna);

        nav.WaitForAssertion(() =>
        {
            Assert.Equal("1", nav.Find("[data-counter=activities]").TextContent);
            Assert.Equal("1", nav.Find("[data-counter=deals]").TextContent);
            Assert.Equal("0", nav.Find("[data-counter=leads]").TextContent);
        });

        await Activities.CompleteAsync(planned.Value!.Id, planned.Value.Version, Piotr);

        nav.WaitForAssertion(() => Assert.Equal("0", nav.Find("[data-counter=activities]").TextContent));
    }

    [Fact]
    public async Task ActivityEditDialog_BadInput_ShowsEachMessageNextToItsFieldAndStaysOpen()
    {
        var provider = await PlanCallOnNewDealAsync();

        await provider.InvokeAsync(() => provider.Find("input[data-testid=activity-deadline]").Input(""));
        await provider.InvokeAsync(() => provider.Find("[data-testid=activity-save]").Click());

        provider.WaitForAssertion(() =>
        {
            Assert.Contains("Required.", provider.Find("[data-testid=activity-subject]").Closest(".mud-input-control")!.TextContent);
            Assert.Contains("Required.", provider.Find("[data-testid=activity-deadline]").Closest(".mud-input-control")!.TextContent);
        });
        Assert.DoesNotContain("Required.", provider.Find("[data-testid=activity-responsible]").Closest(".mud-input-control")!.TextContent);
        Assert.Equal(0, (await Activities.ListAsync(new ActivityQuery { MineOnly = false }, Piotr)).Total);

        await provider.InvokeAsync(() => provider.Find("input[data-testid=activity-subject]").Input("Call about the offer"));
        await provider.InvokeAsync(() => provider.Find("input[data-testid=activity-deadline]").Input("2026-11-03T14:30:00"));
        await provider.InvokeAsync(() => provider.Find("[data-testid=activity-save]").Click());

        provider.WaitForAssertion(() => Assert.Empty(provider.FindAll("[data-testid=activity-dialog]")));
        var saved = Assert.Single((await Activities.ListAsync(new ActivityQuery(), Piotr)).Items);
        Assert.Equal(("Call about the offer", new DateTime(2026, 11, 3, 13, 30, 0)), (saved.Subject, saved.Deadline));   // 14:30 in Warsaw
    }

    [Theory]
    [InlineData("0001-01-01T00:30")] // the zone's offset would leave the calendar: it used to end the circuit
    [InlineData("9999-12-31T23:30")]
    [InlineData("1899-12-31T12:00")]
    public async Task ActivityEditDialog_DeadlineOutsideTheBounds_ShowsTheRangeNextToTheField(string typed)
    {
        var provider = await PlanCallOnNewDealAsync();

        await provider.InvokeAsync(() => provider.Find("input[data-testid=activity-subject]").Input("Far away"));
        await provider.InvokeAsync(() => provider.Find("input[data-testid=activity-deadline]").Input(typed));
        await provider.InvokeAsync(() => provider.Find("[data-testid=activity-save]").Click());

        provider.WaitForAssertion(() =>
            Assert.Contains("The date must be between", provider.Find("[data-testid=activity-deadline]").Closest(".mud-input-control")!.TextContent));
        Assert.Equal(0, (await Activities.ListAsync(new ActivityQuery { MineOnly = false }, Piotr)).Total);
    }

    public static TheoryData<TimelineKind, string?, string?, string?, string?, string> Entries => new()
    {
        { TimelineKind.Created, null, null, null, "Proposal", "Deal created · in stage Proposal" },
        { TimelineKind.FieldChanged, "Amount", "1000.00 PLN", "1500.00 PLN", null, "Amount changed: 1,000.00 PLN → 1,500.00 PLN" },
        { TimelineKind.FieldChanged, "Title", null, "Website", null, "Title changed: (empty) → Website" },
        { TimelineKind.StageChanged, null, "New", "Won", null, "Stage changed: New → Won" },
        { TimelineKind.ActivityPlanned, null, null, null, "Call back", "Activity planned: Call back" },
        { TimelineKind.ActivityDone, null, null, null, "Call back", "Activity done: Call back" },
        { TimelineKind.Deleted, null, null, null, "Old deal", "Deleted \"Old deal\"" },
    };

    [Theory]
    [MemberData(nameof(Entries))]
    public void TimelineEntryView_EachKind_ReadsAsASentence(TimelineKind kind, string? field, string? oldValue, string? newValue, string? text, string expected)
    {
        var view = Context.Render<TimelineEntryView>(p => p.Add(v => v.Item, Item(kind, ElementKind.Deal, text) with { Field = field, OldValue = oldValue, NewValue = newValue }));

        Assert.Equal(expected, Normalize(view.Find("[data-testid=entry-text]").TextContent));
        Assert.Contains("Anna", view.Find(".timeline-meta").TextContent);
    }

    [Fact]
    public void TimelineEntryView_LeadEntries_UseTheReadersLanguageForStatusesAndOutcomes()
    {
        var status = Context.Render<TimelineEntryView>(p => p.Add(v => v.Item, Item(TimelineKind.FieldChanged, ElementKind.Lead, null) with { Field = "Status", OldValue = "New", NewValue = "InProgress" }));
        var converted = Context.Render<TimelineEntryView>(p => p.Add(v => v.Item, Item(TimelineKind.Converted, ElementKind.Lead, "Contact+, Company=, Deal+")));
        var junk = Context.Render<TimelineEntryView>(p => p.Add(v => v.Item, Item(TimelineKind.Junked, ElementKind.Lead, "bot") with { NewValue = "Spam" }));

        Assert.Equal("Status changed: New → In progress", Normalize(status.Find("[data-testid=entry-text]").TextContent));
        Assert.Equal("Lead converted: new contact, existing company, new deal", Normalize(converted.Find("[data-testid=entry-text]").TextContent));
        Assert.StartsWith("Marked as junk: Spam", Normalize(junk.Find("[data-testid=entry-text]").TextContent));
    }

    [Fact]
    public void TimelineEntryView_CommentWithMarkup_RendersTheMarkupAsText()
    {
        const string comment = "**Agreed** <script>alert('x')</script> <b onclick=\"steal()\">bold?</b>\n- first\n- see https://example.com";

        var view = Context.Render<TimelineEntryView>(p => p.Add(v => v.Item, Item(TimelineKind.Comment, ElementKind.Deal, comment)));

        var body = view.Find(".comment-text");
        Assert.Empty(body.QuerySelectorAll("script"));
        Assert.Empty(body.QuerySelectorAll("b"));
        Assert.Equal("Agreed", body.QuerySelector("strong")!.TextContent);
        Assert.Contains("<script>alert('x')</script> <b onclick=\"steal()\">bold?</b>", body.TextContent);
        Assert.Equal(["first", "see https://example.com"], body.QuerySelectorAll("li").Select(li => li.TextContent));
        Assert.Equal("noopener noreferrer nofollow", body.QuerySelector("a")!.GetAttribute("rel"));
    }

    private TimelineItem Item(TimelineKind kind, ElementKind element, string? text) =>
        new(1, element, 7, "Deal", kind, Clock.Now.UtcDateTime, Anna.UserId, "Anna", null, null, null, text, null, null, null, 0);

    private static string Normalize(string text) => string.Join(' ', text.Split([' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));

    [Fact]
    public void HistoryList_CountsAsNewOnlyEventsThatWroteAnEntry()
    {
        DealCard Card(int stageId) => new(1, 1, stageId, "i", "Deal", 1m, "PLN", null, null, null, null, null, null, DateTime.UtcNow, 1);
        CrmBlazor.Core.Live.DealChanged Moved(int from, int to) => new()
        {
            Kind = CrmBlazor.Core.Live.DealChangeKind.Moved, DealId = 1, Version = 2, Before = Card(from), After = Card(to), ActorId = "", ActorName = "", OccurredAt = DateTime.UtcNow,
        };

        Assert.True(CrmBlazor.Components.Pages.History.HistoryList.AddsEntry(Moved(1, 2)));
        Assert.False(CrmBlazor.Components.Pages.History.HistoryList.AddsEntry(Moved(1, 1)));   // a reorder within the column
    }

    /// <summary>The "plan a call" dialog open over a new deal of Anna's.</summary>
    private async Task<IRenderedComponent<MudDialogProvider>> PlanCallOnNewDealAsync()
    {
        var deal = ElementRef.Deal((await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Deal")).Id);
        var provider = Context.Render<MudDialogProvider>();
        var dialogs = Context.Services.GetRequiredService<IDialogService>();
        await provider.InvokeAsync(() => dialogs.ShowAsync<ActivityEditDialog>("Plan",
            new DialogParameters<ActivityEditDialog> { { d => d.Element, deal }, { d => d.Type, ActivityType.Call } }));
        provider.WaitForElement("[data-testid=activity-save]");
        return provider;
    }
}
