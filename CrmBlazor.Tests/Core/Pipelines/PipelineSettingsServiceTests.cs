using CrmBlazor.Core.Reports;

namespace CrmBlazor.Tests.Core.Pipelines;

/// <summary>The pipeline editor's rules, on the test pipeline New → Proposal → Won | Lost (and "Other" with one stage).</summary>
public class PipelineSettingsServiceTests : CoreTest
{
    public PipelineSettingsServiceTests() : base(new TestDatabase())
    {
    }

    protected PipelineSettingsServiceTests(TestDatabase db) : base(db)
    {
    }

    private Actor Admin { get; set; } = default!;
    private PipelineSettingsService Settings => Db.Get<PipelineSettingsService>();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Admin = await Db.AddUserAsync("Ada", CrmRoles.Admin);
    }

    private async Task<PipelineSettingsView> SalesAsync() => (await Settings.GetAsync()).Single(p => p.Id == Pipeline.PipelineId);

    private async Task<StageSettingsView> StageAsync(int id) => (await Settings.GetAsync()).SelectMany(p => p.Stages).Single(s => s.Id == id);

    [Fact]
    public async Task AddStageAsync_OpenStage_GoesAfterTheLastOpenStage_AndWakesThePipelinesBoards()
    {
        using var log = new EventLog(Db.Live);

        var result = await Settings.AddStageAsync(Pipeline.PipelineId, new StageInput(" Negotiation ", "#ffa726", StageKind.Open), Admin);

        Assert.True(result.IsOk);
        Assert.Equal(["New", "Proposal", "Negotiation", "Won", "Lost"], (await SalesAsync()).Stages.Select(s => s.Name));
        var change = Assert.IsType<PipelineChanged>(Assert.Single(log.Events));
        Assert.Equal((PipelineChangeKind.StagesChanged, Pipeline.PipelineId), (change.Kind, change.PipelineId));
        Assert.Contains(LiveTopics.Pipeline(Pipeline.PipelineId), change.Topics);
    }

    [Theory]
    [InlineData("", "#ffa726", "Name", "Validation.Required")]
    [InlineData("proposal ", "#ffa726", "Name", "Stage.Exists")]
    [InlineData("Demo", "orange", "Color", "Validation.Color")]
    public async Task AddStageAsync_BadInput_IsRefusedNextToTheField(string name, string color, string field, string key)
    {
        using var log = new EventLog(Db.Live);

        var result = await Settings.AddStageAsync(Pipeline.PipelineId, new StageInput(name, color, StageKind.Open), Admin);

        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Equal((field, key), (Assert.Single(result.Errors).Field, result.Errors[0].MessageKey));
        Assert.Equal(4, (await SalesAsync()).Stages.Count);
        Assert.Empty(log.Events);
    }

    [Fact]
    public async Task EveryChange_ByAManager_IsForbidden()
    {
        var stage = await StageAsync(Pipeline.NewStageId);

        Assert.Equal(ResultStatus.Forbidden, (await Settings.AddStageAsync(Pipeline.PipelineId, new StageInput("X", "#000000", StageKind.Open), Manager)).Status);
        Assert.Equal(ResultStatus.Forbidden, (await Settings.UpdateStageAsync(stage.Id, stage.Version, new StageInput("X", "#000000", StageKind.Open), Manager)).Status);
        Assert.Equal(ResultStatus.Forbidden, (await Settings.MoveStageAsync(stage.Id, 2, Manager)).Status);
        Assert.Equal(ResultStatus.Forbidden, (await Settings.DeleteStageAsync(stage.Id, stage.Version, null, Manager)).Status);
        Assert.Equal(ResultStatus.Forbidden, (await Settings.CreatePipelineAsync(new NewPipeline("P", "A", "B", "C"), Manager)).Status);
        Assert.Equal(ResultStatus.Forbidden, (await Settings.RenamePipelineAsync(Pipeline.PipelineId, 0, "P", Manager)).Status);
        Assert.Equal(ResultStatus.Forbidden, (await Settings.DeletePipelineAsync(Pipeline.PipelineId, 0, null, Manager)).Status);
    }

    [Fact]
    public async Task UpdateStageAsync_TwoAdminsOnOneStage_TheSecondIsToldAndTheFirstIsKept()
    {
        var read = await StageAsync(Pipeline.ProposalStageId);

        var first = await Settings.UpdateStageAsync(read.Id, read.Version, new StageInput("Offer", "#123456", StageKind.Open), Admin);
        var second = await Settings.UpdateStageAsync(read.Id, read.Version, new StageInput("Quote", "#654321", StageKind.Open), Admin);

        Assert.True(first.IsOk);
        Assert.Equal(ResultStatus.Conflict, second.Status);
        Assert.Equal("Stage.Conflict", second.MessageKey);
        Assert.Equal("Offer", second.Value!.Name); // what the second admin is shown: the first admin's change
        var now = await StageAsync(read.Id);
        Assert.Equal(("Offer", "#123456"), (now.Name, now.Color));
    }

    [Fact]
    public async Task UpdateStageAsync_AfterAnotherAdminReordered_IsNotRefused()
    {
        var read = await StageAsync(Pipeline.ProposalStageId);
        Assert.True((await Settings.MoveStageAsync(Pipeline.ProposalStageId, 0, Admin)).IsOk);

        var renamed = await Settings.UpdateStageAsync(read.Id, read.Version, new StageInput("Offer", read.Color, StageKind.Open), Admin);

        Assert.True(renamed.IsOk);
        Assert.Equal(["Offer", "New", "Won", "Lost"], (await SalesAsync()).Stages.Select(s => s.Name));
    }

    [Fact]
    public async Task UpdateStageAsync_Kind_KeepsAWonAndALostStage_AndNeverChangesUnderDeals()
    {
        var won = await StageAsync(Pipeline.WonStageId);
        var lastWon = await Settings.UpdateStageAsync(won.Id, won.Version, new StageInput("Won", won.Color, StageKind.Open), Admin);
        await Db.AddDealAsync(Anna, Pipeline.ProposalStageId, "In proposal");
        var proposal = await StageAsync(Pipeline.ProposalStageId);
        var withDeals = await Settings.UpdateStageAsync(proposal.Id, proposal.Version, new StageInput("Proposal", proposal.Color, StageKind.Won), Admin);

        Assert.Equal(("Kind", "Pipeline.NeedsWon"), (Assert.Single(lastWon.Errors).Field, lastWon.Errors[0].MessageKey));
        Assert.Equal(("Kind", "Stage.KindInUse"), (Assert.Single(withDeals.Errors).Field, withDeals.Errors[0].MessageKey));
        Assert.Equal(StageKind.Won, (await StageAsync(won.Id)).Kind);
    }

    [Fact]
    public async Task MoveStageAsync_ReordersAndPublishes_AndTheBoardShowsTheNewOrder()
    {
        using var log = new EventLog(Db.Live);

        var result = await Settings.MoveStageAsync(Pipeline.NewStageId, 1, Admin);

        Assert.True(result.IsOk);
        var board = await Db.Boards.GetBoardAsync(Pipeline.PipelineId);
        Assert.Equal(["Proposal", "New", "Won", "Lost"], board!.Columns.Select(c => c.Stage.Name));
        Assert.IsType<PipelineChanged>(Assert.Single(log.Events));
    }

    [Fact]
    public async Task DeleteStageAsync_WithDeals_NeedsAStageOfTheSameKindForThem()
    {
        await Db.AddDealAsync(Anna, Pipeline.ProposalStageId, "Kept");
        var proposal = await StageAsync(Pipeline.ProposalStageId);

        var nowhere = await Settings.DeleteStageAsync(proposal.Id, proposal.Version, null, Admin);
        var intoWon = await Settings.DeleteStageAsync(proposal.Id, proposal.Version, Pipeline.WonStageId, Admin);
        var lost = await StageAsync(Pipeline.LostStageId);
        var lastLost = await Settings.DeleteStageAsync(lost.Id, lost.Version, null, Admin);

        Assert.Equal(("MoveTo", "Stage.HasDeals"), (Assert.Single(nowhere.Errors).Field, nowhere.Errors[0].MessageKey));
        Assert.Equal(("MoveTo", "Stage.MoveToSameKind"), (Assert.Single(intoWon.Errors).Field, intoWon.Errors[0].MessageKey));
        Assert.Equal(("Kind", "Pipeline.NeedsLost"), (Assert.Single(lastLost.Errors).Field, lastLost.Errors[0].MessageKey));
        Assert.Equal(4, (await SalesAsync()).Stages.Count);
    }

    [Fact]
    public async Task DeleteStageAsync_MovesItsDeals_EachWithHistoryTimelineAndEvent()
    {
        var a = await Db.AddDealAsync(Anna, Pipeline.ProposalStageId, "A");
        var b = await Db.AddDealAsync(Piotr, Pipeline.ProposalStageId, "B");
        var stay = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Already in New");
        var proposal = await StageAsync(Pipeline.ProposalStageId);
        using var log = new EventLog(Db.Live);

        var result = await Settings.DeleteStageAsync(proposal.Id, proposal.Version, Pipeline.NewStageId, Admin);

        Assert.True(result.IsOk);
        Assert.Equal(["New", "Won", "Lost"], (await SalesAsync()).Stages.Select(s => s.Name));
        var column = (await Db.Boards.GetBoardAsync(Pipeline.PipelineId))!.Columns[0];
        Assert.Equal(3, column.Count);
        Assert.Equal([stay.Id, b.Id, a.Id], column.Cards.Select(c => c.Id)); // moved deals at the bottom, in their order
        await using var db = await Db.Factory.CreateDbContextAsync();
        foreach (var deal in new[] { a, b })
        {
            var entry = await db.TimelineEntries.Where(e => e.ElementKind == ElementKind.Deal && e.ElementId == deal.Id).OrderByDescending(e => e.Id).FirstAsync();
            Assert.Equal((TimelineKind.StageChanged, "Proposal", "New"), (entry.Kind, entry.OldValue, entry.NewValue));
            Assert.Equal(Pipeline.NewStageId, (await db.DealStageChanges.Where(c => c.DealId == deal.Id).OrderByDescending(c => c.Id).FirstAsync()).ToStageId);
        }
        var moves = log.Events.OfType<DealChanged>().ToList();
        Assert.Equal([a.Id, b.Id], moves.Select(m => m.DealId).Order());
        Assert.All(moves, m => Assert.Equal((Pipeline.ProposalStageId, Pipeline.NewStageId), (m.Before!.StageId, m.After!.StageId)));
        Assert.IsType<PipelineChanged>(log.Events[^1]);
    }

    [Fact]
    public async Task Funnel_AfterAReorder_CountsTheFurthestStageInTheNewOrder()
    {
        var november = new PeriodFilter(PeriodKind.Custom, new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30));
        var a = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "A: New then Proposal");
        await Db.AddDealAsync(Anna, Pipeline.NewStageId, "B: New only");
        await Db.AddDealAsync(Anna, Pipeline.ProposalStageId, "C: Proposal only");
        Assert.True((await Db.Deals.MoveAsync(new MoveDeal(a.Id, Pipeline.ProposalStageId, a.Version), Anna)).IsOk);

        // Proposal now comes first: A reached New (the later one), B is in New, C never got past Proposal.
        Assert.True((await Settings.MoveStageAsync(Pipeline.ProposalStageId, 0, Admin)).IsOk);
        var funnel = await Db.Get<FunnelService>().GetFunnelAsync(new ReportFilter(Pipeline.PipelineId, november), Manager);

        Assert.Equal([("Proposal", 3), ("New", 2), ("Won", 0)], funnel!.Steps.Select(s => (s.Stage.Name, s.Count)));
    }

    [Fact]
    public async Task Funnel_AfterADealLeftAndCameBack_CountsOnlyItsHistorySinceItCameBack()
    {
        var november = new PeriodFilter(PeriodKind.Custom, new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30));
        var deal = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Traveller");
        deal = (await Db.Deals.MoveAsync(new MoveDeal(deal.Id, Pipeline.ProposalStageId, deal.Version), Anna)).Value!;
        Db.Clock.Now += TimeSpan.FromMinutes(1);
        deal = (await Db.Deals.MoveToPipelineAsync(deal.Id, deal.Version, Pipeline.OtherPipelineStageId, Anna)).Value!;
        Db.Clock.Now += TimeSpan.FromMinutes(1);
        Assert.True((await Db.Deals.MoveToPipelineAsync(deal.Id, deal.Version, Pipeline.NewStageId, Anna)).IsOk);

        Assert.True((await Settings.MoveStageAsync(Pipeline.WonStageId, 3, Admin)).IsOk); // any reorder recomputes
        var funnel = await Db.Get<FunnelService>().GetFunnelAsync(new ReportFilter(Pipeline.PipelineId, november), Manager);

        Assert.Equal([("New", 1), ("Proposal", 0), ("Won", 0)], funnel!.Steps.Select(s => (s.Stage.Name, s.Count)));
    }

    [Fact]
    public async Task MoveToPipelineAsync_MovesTheDealWithItsTimeline_AndWakesBothBoards()
    {
        var deal = await Db.AddDealAsync(Anna, Pipeline.ProposalStageId, "Traveller");
        Db.Clock.Now += TimeSpan.FromMinutes(1);
        using var log = new EventLog(Db.Live);

        var samePipeline = await Db.Deals.MoveToPipelineAsync(deal.Id, deal.Version, Pipeline.NewStageId, Anna);
        var intoWon = await Db.Deals.MoveToPipelineAsync(deal.Id, deal.Version, Pipeline.WonStageId, Anna);
        var moved = await Db.Deals.MoveToPipelineAsync(deal.Id, deal.Version, Pipeline.OtherPipelineStageId, Anna);
        var stale = await Db.Deals.MoveToPipelineAsync(deal.Id, deal.Version, Pipeline.OtherPipelineStageId, Anna);

        Assert.Equal("Deal.SamePipeline", Assert.Single(samePipeline.Errors).MessageKey);
        Assert.Equal("Deal.SamePipeline", Assert.Single(intoWon.Errors).MessageKey);
        Assert.True(moved.IsOk);
        Assert.Equal(ResultStatus.Conflict, stale.Status);
        var change = Assert.IsType<DealChanged>(Assert.Single(log.Events));
        Assert.Contains(LiveTopics.Pipeline(Pipeline.PipelineId), change.Topics);
        Assert.Contains(LiveTopics.Pipeline(moved.Value!.PipelineId), change.Topics);
        await using var db = await Db.Factory.CreateDbContextAsync();
        var entries = await db.TimelineEntries.Where(e => e.ElementKind == ElementKind.Deal && e.ElementId == deal.Id && e.At == Db.Clock.Now.UtcDateTime)
            .OrderBy(e => e.Id).ToListAsync();
        Assert.Equal([(TimelineKind.FieldChanged, "Sales", "Other"), (TimelineKind.StageChanged, "Proposal", "Elsewhere")],
            entries.Select(e => (e.Kind, e.OldValue, e.NewValue)));
    }

    [Fact]
    public async Task CreateAndRenamePipeline_RefuseEmptyAndDuplicateNames()
    {
        var created = await Settings.CreatePipelineAsync(new NewPipeline("Partners", "Contacted", "Signed", "Dropped"), Admin);
        var duplicate = await Settings.CreatePipelineAsync(new NewPipeline(" sales", "A", "B", "C"), Admin);
        var sameStages = await Settings.CreatePipelineAsync(new NewPipeline("Third", "A", "a", ""), Admin);
        var partners = (await Settings.GetAsync()).Single(p => p.Id == created.Value);
        var renamedToOther = await Settings.RenamePipelineAsync(partners.Id, partners.Version, "Other", Admin);
        var renamed = await Settings.RenamePipelineAsync(partners.Id, partners.Version, "Resellers", Admin);
        var stale = await Settings.RenamePipelineAsync(partners.Id, partners.Version, "Dealers", Admin);

        Assert.True(created.IsOk);
        Assert.Equal([StageKind.Open, StageKind.Won, StageKind.Lost], partners.Stages.Select(s => s.Kind));
        Assert.Equal(("Name", "Pipeline.Exists"), (Assert.Single(duplicate.Errors).Field, duplicate.Errors[0].MessageKey));
        Assert.Equal([("WonStageName", "Stage.Exists"), ("LostStageName", "Validation.Required")], sameStages.Errors.Select(e => (e.Field, e.MessageKey)));
        Assert.Equal("Pipeline.Exists", Assert.Single(renamedToOther.Errors).MessageKey);
        Assert.True(renamed.IsOk);
        Assert.Equal(ResultStatus.Conflict, stale.Status);
        Assert.Contains(await Settings.GetAsync(), p => p.Name == "Resellers");
    }

    [Fact]
    public async Task DeletePipelineAsync_WithDeals_MovesThemKeepingTheirResult_AndPassesOnTheDefault()
    {
        var open = await Db.AddDealAsync(Anna, Pipeline.ProposalStageId, "Open");
        var won = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Won");
        Assert.True((await Db.Deals.CloseAsync(new CloseDeal(won.Id, won.Version, Pipeline.WonStageId, FinalAmount: 5m), Anna)).IsOk);
        var target = (await Settings.CreatePipelineAsync(new NewPipeline("Partners", "Contacted", "Signed", "Dropped"), Admin)).Value;
        var targetStages = (await Settings.GetAsync()).Single(p => p.Id == target).Stages;
        var sales = await SalesAsync();

        var nowhere = await Settings.DeletePipelineAsync(sales.Id, sales.Version, null, Admin);
        var deleted = await Settings.DeletePipelineAsync(sales.Id, sales.Version, targetStages[0].Id, Admin);

        Assert.Equal(("MoveTo", "Pipeline.HasDeals"), (Assert.Single(nowhere.Errors).Field, nowhere.Errors[0].MessageKey));
        Assert.True(deleted.IsOk);
        var pipelines = await Settings.GetAsync();
        Assert.DoesNotContain(pipelines, p => p.Id == sales.Id);
        Assert.True(pipelines.Single(p => p.Id == target).IsDefault);
        await using var db = await Db.Factory.CreateDbContextAsync();
        var deals = await db.Deals.AsNoTracking().Where(d => d.Id == open.Id || d.Id == won.Id).ToDictionaryAsync(d => d.Id);
        Assert.Equal(targetStages[0].Id, deals[open.Id].StageId);
        Assert.Equal(targetStages[1].Id, deals[won.Id].StageId);
        Assert.NotNull(deals[won.Id].ClosedAt);
        Assert.Equal(5m, deals[won.Id].Amount);
    }

    [Fact]
    public async Task DeletePipelineAsync_TheLastOne_IsRefused()
    {
        var other = (await Settings.GetAsync()).Single(p => p.Name == "Other");
        Assert.True((await Settings.DeletePipelineAsync(other.Id, other.Version, null, Admin)).IsOk);
        var sales = await SalesAsync();

        var last = await Settings.DeletePipelineAsync(sales.Id, sales.Version, null, Admin);

        Assert.Equal("Pipeline.Last", Assert.Single(last.Errors).MessageKey);
    }
}

public sealed class PostgresPipelineSettingsServiceTests(PostgresServer server)
    : PipelineSettingsServiceTests(new TestDatabase(server.NewDatabase())), IClassFixture<PostgresServer>;
