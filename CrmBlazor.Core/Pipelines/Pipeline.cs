namespace CrmBlazor.Core.Pipelines;

public class Pipeline
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public bool IsDefault { get; set; }
    public int Sort { get; set; }
    public List<Stage> Stages { get; set; } = [];
}

public enum StageKind
{
    Open = 0,
    Won = 1,
    Lost = 2,
}

public class Stage
{
    public int Id { get; set; }
    public int PipelineId { get; set; }
    public Pipeline? Pipeline { get; set; }
    public required string Name { get; set; }
    /// <summary>A CSS colour, for example <c>#2196f3</c>.</summary>
    public required string Color { get; set; }
    public StageKind Kind { get; set; }
    public int Sort { get; set; }
}
