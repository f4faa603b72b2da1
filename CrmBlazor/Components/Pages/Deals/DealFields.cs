namespace CrmBlazor.Components.Pages.Deals;

/// <summary>The fields a <see cref="DealForm"/> shows besides title, amount and currency.</summary>
[Flags]
public enum DealFields
{
    None = 0,
    Stage = 1,
    /// <summary>The deal's company and contact.</summary>
    Parties = 2,
    Responsible = 4,

    All = Stage | Parties | Responsible,
    CompleteLead = Stage,
}
