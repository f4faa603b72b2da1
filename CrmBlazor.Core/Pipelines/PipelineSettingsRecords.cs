using System.Text.RegularExpressions;

namespace CrmBlazor.Core.Pipelines;

/// <summary>A pipeline as the settings page shows it: its stages, how many deals each holds, and the versions to edit with.</summary>
public sealed record PipelineSettingsView(int Id, string Name, bool IsDefault, int Version, IReadOnlyList<StageSettingsView> Stages)
{
    public int DealCount => Stages.Sum(s => s.DealCount);
}

public sealed record StageSettingsView(int Id, string Name, string Color, StageKind Kind, int Sort, int Version, int DealCount);

/// <summary>A stage's editable fields.</summary>
public sealed record StageInput(string Name, string Color, StageKind Kind);

/// <summary>A new pipeline with its first three stages (names in the admin's language): one open, one won, one lost.</summary>
public sealed record NewPipeline(string Name, string OpenStageName, string WonStageName, string LostStageName);

public static partial class PipelineRules
{
    public const int NameMaxLength = 100;

    /// <summary>The colour a new stage gets when none is typed.</summary>
    public const string DefaultColor = "#90a4ae";

    /// <summary>A colour as the stage editor's colour field writes it: <c>#</c> and six hex digits.</summary>
    public static bool IsColor(string? value) => value is not null && ColorPattern().IsMatch(value);

    [GeneratedRegex("^#[0-9a-fA-F]{6}$")]
    private static partial Regex ColorPattern();
}
