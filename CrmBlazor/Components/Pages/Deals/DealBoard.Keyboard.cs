using Microsoft.JSInterop;

namespace CrmBlazor.Components.Pages.Deals;

/// <summary>
/// Moving a card without a mouse, as accessible drag and drop libraries do: Space on a card's title picks it up, the
/// arrow keys move it to the previous or next stage and up or down its column (each step is saved, so another user's
/// board follows it live), Space or Enter puts it down, Escape puts it back where it was picked up, Tab puts it down where
/// it is. Every step is told through the board's live region. DealBoard.razor.js turns the keys into
/// <see cref="KeyMoveAsync"/> calls and keeps the focus on the card (after Tab, where Tab took it).
/// </summary>
public sealed partial class DealBoard
{
    private GrabbedCard? _grabbed;
    private string _announcement = "";

    private sealed record GrabbedCard(int DealId, int StageId, int Index);

    /// <summary>One key for a card (grab, left, right, up, down, drop or cancel); true while the card stays picked up.</summary>
    [JSInvokable]
    public async Task<bool> KeyMoveAsync(int dealId, string key)
    {
        try
        {
            var still = await KeyMoveCoreAsync(dealId, key);
            StateHasChanged(); // who else is here sees the card picked up or put down
            return still;
        }
        catch (Exception ex)
        {
            _grabbed = null;
            await DispatchExceptionAsync(ex);
            return false;
        }
    }

    private async Task<bool> KeyMoveCoreAsync(int dealId, string key)
    {
        if (_state?.Find(dealId) is not { } card || _actor is null || !AccessPolicy.MayChange(_actor, card.ResponsibleUserId))
        {
            _grabbed = null;
            return false;
        }
        if (_grabbed?.DealId != dealId)
        {
            _grabbed = null;
            if (key != "grab")
            {
                return false;
            }
        }

        var stageAt = IndexOfStage(card.StageId);
        var row = RowOf(card);
        switch (key)
        {
            case "grab":
                _grabbed = new GrabbedCard(dealId, card.StageId, row);
                Announce(L["Board.KeyGrabbed", card.Title, StageName(card.StageId), row + 1, _state.LoadedCount(card.StageId)]);
                return true;
            case "drop":
                _grabbed = null;
                Announce(L["Board.KeyDropped", card.Title, StageName(card.StageId), row + 1, _state.LoadedCount(card.StageId)]);
                return false;
            case "cancel":
                var origin = _grabbed!;
                _grabbed = null;
                if (origin.StageId != card.StageId || origin.Index != row)
                {
                    await MoveAsync(card, origin.StageId, origin.Index);
                }
                Announce(L["Board.KeyCancelled", card.Title, StageName(origin.StageId)]);
                return false;
            case "left" or "right":
                var to = stageAt + (key == "left" ? -1 : 1);
                if (to < 0 || to >= _state.Stages.Count)
                {
                    Announce(L[key == "left" ? "Board.KeyFirstStage" : "Board.KeyLastStage", card.Title]);
                    return true;
                }
                var target = _state.Stages[to];
                if (target.Kind != StageKind.Open)
                {
                    // Closing asks for the result in a dialog; the card is put down, and the dialog takes the focus.
                    _grabbed = null;
                    await MoveAsync(card, target.Id, 0);
                    return false;
                }
                var index = Math.Min(row, _state.LoadedCount(target.Id));
                await MoveAsync(card, target.Id, index);
                return AnnounceWhere(dealId);
            case "up" or "down":
                var next = row + (key == "up" ? -1 : 1);
                if (next < 0 || next >= _state.LoadedCount(card.StageId))
                {
                    Announce(L[key == "up" ? "Board.KeyTop" : "Board.KeyBottom", card.Title]);
                    return true;
                }
                await MoveAsync(card, card.StageId, next);
                return AnnounceWhere(dealId);
            default:
                return _grabbed is not null;
        }
    }

    // After a step: where the card is now, or that it could not move (the move's own message says why).
    private bool AnnounceWhere(int dealId)
    {
        if (_state?.Find(dealId) is not { } moved)
        {
            _grabbed = null;
            return false;
        }
        Announce(L["Board.KeyMoved", moved.Title, StageName(moved.StageId), RowOf(moved) + 1, _state.LoadedCount(moved.StageId)]);
        return true;
    }

    private int IndexOfStage(int stageId)
    {
        for (var at = 0; at < _state!.Stages.Count; at++)
        {
            if (_state.Stages[at].Id == stageId)
            {
                return at;
            }
        }
        return -1;
    }

    private int RowOf(DealCard card)
    {
        var cards = _state!.CardsIn(card.StageId);
        for (var at = 0; at < cards.Count; at++)
        {
            if (cards[at].Id == card.Id)
            {
                return at;
            }
        }
        return 0;
    }

    // The live region re-renders alone: a changed text is what screen readers announce.
    private void Announce(string text)
    {
        _announcement = text;
        StateHasChanged();
    }
}
