namespace CrmBlazor.Tests.Core.Pipelines;

/// <summary>
/// The reads and preconditions the API's settings endpoints use (decision 014): pipelines with their stages and
/// versions, one stage, one custom field with its use, and If-Match on reordering a stage or a field.
/// </summary>
public class SettingsApiReadsTests(TestDatabase? db = null) : CoreTest(db)
{
    [Fact]
    public async Task PipelineDefinitions_CarryTheVersions_AndAStaleReorderIsAConflict()
    {
        var admin = await Db.AddUserAsync("Ada", CrmRoles.Admin);
        var pipelines = Db.Get<PipelineService>();
        var settings = Db.Get<PipelineSettingsService>();

        var all = await pipelines.GetDefinitionsAsync();
        Assert.Equal([Pipeline.PipelineId, (await Db.Get<PipelineService>().GetPipelinesAsync())[1].Id], all.Select(p => p.Id));
        var sales = Assert.Single(await pipelines.GetDefinitionsAsync(Pipeline.PipelineId));
        Assert.Equal([Pipeline.NewStageId, Pipeline.ProposalStageId, Pipeline.WonStageId, Pipeline.LostStageId], sales.Stages.Select(s => s.Id));
        Assert.Empty(await pipelines.GetDefinitionsAsync(999_999));
        Assert.Null(await pipelines.GetStageAsync(999_999));

        var stale = sales.Version;
        Assert.True((await settings.RenamePipelineAsync(sales.Id, sales.Version, "Renamed", admin)).IsOk);
        var moved = await settings.MoveStageAsync(Pipeline.ProposalStageId, 0, admin, expectedPipelineVersion: stale);
        Assert.Equal(ResultStatus.Conflict, moved.Status);
        Assert.Equal("Pipeline.Conflict", moved.MessageKey);
        var renamed = Assert.Single(await pipelines.GetDefinitionsAsync(sales.Id));
        Assert.True((await settings.MoveStageAsync(Pipeline.ProposalStageId, 0, admin, expectedPipelineVersion: renamed.Version)).IsOk);
        var after = Assert.Single(await pipelines.GetDefinitionsAsync(sales.Id));
        Assert.Equal(Pipeline.ProposalStageId, after.Stages[0].Id);
        Assert.True(after.Version > renamed.Version);
        var stage = await pipelines.GetStageAsync(Pipeline.ProposalStageId);
        Assert.Equal(after.Stages[0], stage);
    }

    [Fact]
    public async Task CustomField_IsReadWithItsUse_AndAStaleMoveIsAConflict()
    {
        var admin = await Db.AddUserAsync("Ada", CrmRoles.Admin);
        var fields = Db.Get<CustomFieldService>();
        var first = (await fields.SaveAsync(null, 0, new CustomFieldInput { EntityKind = ElementKind.Deal, Code = "one", NameEn = "One", NamePl = "Jeden" }, admin)).Value!;
        var second = (await fields.SaveAsync(null, 0, new CustomFieldInput { EntityKind = ElementKind.Deal, Code = "two", NameEn = "Two", NamePl = "Dwa" }, admin)).Value!;
        Assert.True((await Db.Deals.CreateAsync(new DealInput
        {
            Title = "Valued", Amount = 1, Currency = "PLN", StageId = Pipeline.NewStageId,
            Custom = new Dictionary<string, CustomValue> { [second.Code] = new() { Text = "x" } },
        }, Manager)).IsOk);

        var read = await fields.GetAsync(second.Id);
        Assert.Equal(1, read!.InUse);
        Assert.Equal(second.Version, read.Version);
        Assert.Null(await fields.GetAsync(999_999));

        var stale = await fields.MoveAsync(second.Id, -1, admin, expectedVersion: second.Version + 5);
        Assert.Equal(ResultStatus.Conflict, stale.Status);
        Assert.True((await fields.MoveAsync(second.Id, -1, admin, expectedVersion: second.Version)).IsOk);
        Assert.Equal([second.Id, first.Id], (await fields.ListAsync(ElementKind.Deal)).Select(f => f.Id));
    }
}

public sealed class PostgresSettingsApiReadsTests(PostgresServer server)
    : SettingsApiReadsTests(new TestDatabase(server.NewDatabase())), IClassFixture<PostgresServer>;
