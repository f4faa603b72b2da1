namespace CrmBlazor.Core.Pipelines;

public sealed record PipelineSummary(int Id, string Name, bool IsDefault);

public sealed record StageView(int Id, string Name, string Color, StageKind Kind, int Sort);
