namespace CrmBlazor.Components.Elements;

/// <summary>One segment of a <see cref="StageBar"/>: its key (a stage id or a status name), its name and its colour.</summary>
public sealed record StageStep(string Key, string Name, string Color);
