namespace CrmBlazor.Components.Pages.Deals;

/// <summary>Moving a card into a won or lost column asks for the closing result first (see <see cref="DealCloseDialog"/>).</summary>
public sealed partial class DealBoard
{
    /// <summary>
    /// True when the move is a closing one and was handled here: the dialog closed the deal (the live event moves the
    /// card) or was cancelled (the card stays where it was: native drag and drop never moved it). False for an ordinary move.
    /// </summary>
    private async Task<bool> CloseFirstAsync(DealCard card, int stageId)
    {
        var stage = _state?.Stages.FirstOrDefault(s => s.Id == stageId);
        if (stage is null || stage.Kind == StageKind.Open || stage.Id == card.StageId)
        {
            return false;
        }
        var current = _state!.Find(card.Id) ?? card;
        var products = await deals.GetProductsAsync(card.Id);
        var parameters = new DialogParameters<DealCloseDialog>
        {
            { d => d.DealId, current.Id },
            { d => d.Version, current.Version },
            { d => d.Title, current.Title },
            { d => d.Stage, stage },
            { d => d.Amount, current.Amount },
            { d => d.Currency, current.Currency },
            { d => d.HasLines, products?.Lines.Count > 0 },
        };
        var dialog = await dialogs.ShowAsync<DealCloseDialog>(null, parameters, EditDialogs.Options);
        await dialog.Result;
        StateHasChanged();
        return true;
    }
}
