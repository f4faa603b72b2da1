namespace CrmBlazor;

/// <summary>
/// The marker type of MudBlazor's own strings in our languages (<c>Resources/MudResource.resx</c> and its Polish twin,
/// written from <c>Resources/mudblazor.tsv</c>): the pager, "Required", the aria labels of its buttons.
/// </summary>
public sealed class MudResource;
