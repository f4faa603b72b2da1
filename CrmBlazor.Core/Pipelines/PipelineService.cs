namespace CrmBlazor.Core.Pipelines;

/// <summary>Pipelines and their stages, as the board, the funnel, the reports and the forms read them.</summary>
public sealed class PipelineService(IDbContextFactory<CrmDbContext> contextFactory)
{
    public async Task<IReadOnlyList<PipelineSummary>> GetPipelinesAsync(CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        return await Summaries(db).ToListAsync(ct);
    }

    public async Task<IReadOnlyList<StageView>> GetStagesAsync(int pipelineId, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        return await Stages(db, pipelineId).ToListAsync(ct);
    }

    /// <summary>
    /// Every pipeline (the default first) with its stages and the versions to change them with (the API's list; two
    /// queries), or only <paramref name="pipelineId"/>'s.
    /// </summary>
    public async Task<IReadOnlyList<PipelineDefinition>> GetDefinitionsAsync(int? pipelineId = null, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var pipelines = db.Pipelines.AsNoTracking();
        var stages = db.Stages.AsNoTracking();
        if (pipelineId is { } only)
        {
            pipelines = pipelines.Where(p => p.Id == only);
            stages = stages.Where(s => s.PipelineId == only);
        }
        var heads = await pipelines.OrderByDescending(p => p.IsDefault).ThenBy(p => p.Sort).ThenBy(p => p.Id)
            .Select(p => new { p.Id, p.Name, p.IsDefault, p.Version }).ToListAsync(ct);
        var all = (await stages.OrderBy(s => s.Sort).ThenBy(s => s.Id)
            .Select(s => new StageDefinition(s.Id, s.PipelineId, s.Name, s.Color, s.Kind, s.Sort, s.Version)).ToListAsync(ct)).ToLookup(s => s.PipelineId);
        return [.. heads.Select(p => new PipelineDefinition(p.Id, p.Name, p.IsDefault, p.Version, [.. all[p.Id]]))];
    }

    /// <summary>One stage with its version; null when there is none.</summary>
    public async Task<StageDefinition?> GetStageAsync(int stageId, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        return await db.Stages.AsNoTracking().Where(s => s.Id == stageId)
            .Select(s => new StageDefinition(s.Id, s.PipelineId, s.Name, s.Color, s.Kind, s.Sort, s.Version)).FirstOrDefaultAsync(ct);
    }

    /// <summary>Pipelines in the order the selector shows them: the default first.</summary>
    internal static IQueryable<PipelineSummary> Summaries(CrmDbContext db) =>
        db.Pipelines.AsNoTracking()
            .OrderByDescending(p => p.IsDefault).ThenBy(p => p.Sort).ThenBy(p => p.Id)
            .Select(p => new PipelineSummary(p.Id, p.Name, p.IsDefault));

    /// <summary>A pipeline's stages in board order.</summary>
    internal static IQueryable<StageView> Stages(CrmDbContext db, int pipelineId) =>
        db.Stages.AsNoTracking().Where(s => s.PipelineId == pipelineId).OrderBy(s => s.Sort)
            .Select(s => new StageView(s.Id, s.Name, s.Color, s.Kind, s.Sort));
}
