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
