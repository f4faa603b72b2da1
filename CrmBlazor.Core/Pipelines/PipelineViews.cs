namespace CrmBlazor.Core.Pipelines;

public sealed record PipelineSummary(int Id, string Name, bool IsDefault);

public sealed record StageView(int Id, string Name, string Color, StageKind Kind, int Sort);

/// <summary>A stage with what the API edits it by: its pipeline and its version (the ETag).</summary>
public sealed record StageDefinition(int Id, int PipelineId, string Name, string Color, StageKind Kind, int Sort, int Version);

/// <summary>A pipeline with its stages in board order and its version (raised by every change of its name or stages' structure).</summary>
public sealed record PipelineDefinition(int Id, string Name, bool IsDefault, int Version, IReadOnlyList<StageDefinition> Stages);
