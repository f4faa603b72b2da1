namespace CrmBlazor.Core.Pipelines;

public class Pipeline
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public bool IsDefault { get; set; }
    public int Sort { get; set; }
    public List<Stage> Stages { get; set; } = [];

    /// <summary>
    /// An optimistic concurrency token, raised by hand (not by the context) on every change of the pipeline: its name and
    /// its set, order and kinds of stages. Two admins changing the structure at once cannot both succeed, so the rule
    /// "at least one won and one lost stage" holds however their changes interleave.
    /// </summary>
    public int Version { get; set; }
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

    /// <summary>
    /// An optimistic concurrency token for what an admin edits on one stage (name, colour, kind), raised by hand: a
    /// reorder does not raise it, so an admin renaming a stage is not refused because another admin moved it.
    /// </summary>
    public int Version { get; set; }
}
