using System.Globalization;
using CrmBlazor.Components.Shared;
using CrmBlazor.Core;
using CrmBlazor.Core.Common;
using CrmBlazor.Core.Deals;
using CrmBlazor.Core.Live;
using CrmBlazor.Live;
using CrmBlazor.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using MudBlazor;

namespace CrmBlazor.Components.Pages.Deals;

/// <summary>
/// The deal kanban of one pipeline. Moves are saved by <see cref="DealService"/>; what anyone changes reaches this
/// board as a <see cref="DealChanged"/> event and is applied to its <see cref="BoardState"/>.
/// </summary>
public sealed partial class DealBoard : IDisposable
{
    private readonly HashSet<int> _loadingMore = [];
    private readonly List<DealChanged> _pending = [];
    private BoardState? _state;
    private MudDropContainer<DealCard>? _container;
    private MudMenu? _cardMenu;
    private DealCard? _menuCard;
    private Actor? _actor;
    private IDisposable? _subscription;
    private string? _loadError;
    private int _subscribedPipeline;
    private bool _loading;
    private bool _refreshAfterRender;

    [Inject] private DealBoardService Boards { get; set; } = default!;
    [Inject] private DealService Deals { get; set; } = default!;
    [Inject] private ILiveUpdates Live { get; set; } = default!;
    [Inject] private CurrentUser CurrentUser { get; set; } = default!;
    [Inject] private ConnectionState Connection { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private IOptions<CrmOptions> Options { get; set; } = default!;
    [Inject] private IStringLocalizer<SharedResource> L { get; set; } = default!;
    [Inject] private ILogger<DealBoard> Logger { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "pipeline")]
    public int? PipelineId { get; set; }

    /// <summary>A deal to show highlighted, for example the one a lead was just converted into.</summary>
    [SupplyParameterFromQuery(Name = "deal")]
    public int? HighlightDealId { get; set; }

    private string DefaultCurrency => Options.Value.DefaultCurrency;

    protected override async Task OnInitializedAsync()
    {
        _actor = await CurrentUser.GetActorAsync();
        Connection.Reconnected += OnReconnectedAsync;
    }

    protected override Task OnParametersSetAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        _loading = true;
        try
        {
            var pipelines = await Boards.GetPipelinesAsync();
            var wanted = PipelineId ?? (HighlightDealId is { } dealId ? await Boards.GetPipelineOfDealAsync(dealId) : null);
            var pipelineId = pipelines.FirstOrDefault(p => p.Id == wanted)?.Id ?? pipelines.FirstOrDefault()?.Id;
            if (pipelineId is not { } id)
            {
                _loadError = L["Deals.NoPipeline"].Value;
                return;
            }
            // Subscribe before reading, so nothing committed meanwhile is missed; the board skips what its snapshot holds.
            if (id != _subscribedPipeline)
            {
                Subscribe(id);
            }
            var board = await Boards.GetBoardAsync(id);
            _state = board is null ? null : new BoardState(board);
            _loadError = board is null ? L["Deals.NoPipeline"].Value : null;
            foreach (var change in _pending)
            {
                _state?.Apply(change);
            }
        }
        finally
        {
            _pending.Clear();
            _loading = false;
        }
        // The drop zones read the container's items, which the new state reaches only in the coming render.
        _refreshAfterRender = true;
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (_refreshAfterRender && _container is not null)
        {
            _refreshAfterRender = false;
            _container.Refresh();
        }
    }

    private void Subscribe(int pipelineId)
    {
        _subscription?.Dispose();
        _pending.Clear();
        _subscribedPipeline = pipelineId;
        _subscription = Live.Subscribe(LiveTopics.Pipeline(pipelineId), change => InvokeAsync(async () =>
        {
            try
            {
                OnLiveChange(change);
            }
            catch (Exception ex)
            {
                await DispatchExceptionAsync(ex);
            }
        }));
    }

    private void OnLiveChange(CrmEvent change)
    {
        if (change is not DealChanged dealChange)
        {
            return;
        }
        if (_loading || _state is null)
        {
            _pending.Add(dealChange);
            return;
        }
        if (_state.Apply(dealChange))
        {
            // Refresh redraws the drop zones (cards); the render of the page redraws the column headers.
            _container?.Refresh();
            StateHasChanged();
        }
        if (dealChange.ActorId != _actor?.UserId)
        {
            Snackbar.Add(Describe(dealChange), Severity.Info, options => options.VisibleStateDuration = 2500);
        }
    }

    private string Describe(DealChanged change)
    {
        var title = (change.After ?? change.Before)?.Title ?? "";
        return change.Kind switch
        {
            DealChangeKind.Created => L["Live.DealCreated", change.ActorName, title],
            DealChangeKind.Deleted => L["Live.DealDeleted", change.ActorName, title],
            DealChangeKind.Moved when change.Before?.StageId != change.After?.StageId =>
                L["Live.DealMoved", change.ActorName, title, StageName(change.After?.StageId)],
            DealChangeKind.Moved => L["Live.DealReordered", change.ActorName, title],
            _ => L["Live.DealUpdated", change.ActorName, title],
        };
    }

    private string StageName(int? stageId) => _state?.Stages.FirstOrDefault(s => s.Id == stageId)?.Name ?? "";

    private Task OnReconnectedAsync() => InvokeAsync(async () =>
    {
        // A dropped connection may have missed nothing (the circuit kept listening) or everything (a new server);
        // the board is cheap to read, so it is read again rather than trusted.
        await LoadAsync();
        StateHasChanged();
    });

    private static bool InZone(DealCard card, string zone) =>
        card.StageId.ToString(CultureInfo.InvariantCulture) == zone;

    private bool CanChange(DealCard card) => _actor?.MayChange(card.ResponsibleUserId) == true;

    private Task DroppedAsync(MudItemDropInfo<DealCard> drop)
    {
        if (drop.Item is null || _state is null)
        {
            return Task.CompletedTask;
        }
        var stageId = int.Parse(drop.DropzoneIdentifier, CultureInfo.InvariantCulture);
        return MoveAsync(drop.Item, stageId, drop.IndexInZone);
    }

    private async Task OpenActionsAsync(CardActions actions)
    {
        // The card may have changed since it was drawn: act on the board's current copy.
        _menuCard = _state?.Find(actions.Card.Id) ?? actions.Card;
        StateHasChanged();
        if (_cardMenu is not null)
        {
            await _cardMenu.OpenMenuAsync(actions.Click);
        }
    }

    private async Task MoveAsync(DealCard card, int stageId, int index)
    {
        if (_state is null || _actor is null)
        {
            return;
        }
        if (await CloseFirstAsync(card, stageId))
        {
            return;
        }
        var (above, below) = _state.NeighboursAt(stageId, index, card.Id);
        if (_state.IsRightBelow(card, stageId, above))
        {
            _container?.Refresh();
            return; // dropped where it was
        }

        _state.ShowAt(card with { StageId = stageId, Rank = Rank.Between(above?.Rank, below?.Rank) });
        _container?.Refresh();
        Result<DealCard> result;
        try
        {
            result = await Deals.MoveAsync(new MoveDeal(card.Id, stageId, card.Version, above?.Id, below?.Id), _actor);
        }
        catch (Exception ex) when (Transient.IsDatabaseFailure(ex))
        {
            // The database is unreachable or refused the write: nothing was saved, so the card goes back.
            Logger.LogError(ex, "Moving deal {DealId} failed", card.Id);
            _state.Restore(card.Id, card);
            _container?.Refresh();
            Snackbar.Add(L["Error.Unexpected"], Severity.Error);
            return;
        }
        if (!result.IsOk)
        {
            _state.Restore(card.Id, result.Status == ResultStatus.Conflict || result.Status == ResultStatus.NotFound ? result.Value : card);
            _container?.Refresh();
            Snackbar.Add(Message(result), Severity.Warning);
        }
    }

    private string Message<T>(Result<T> result)
    {
        if (result.Status == ResultStatus.Conflict && result.Value is DealCard current)
        {
            return L["Deal.MoveConflictAt", StageName(current.StageId)];
        }
        return L[result.MessageKey ?? "Error.Unexpected", result.MessageArgs];
    }

    private async Task LoadMoreAsync(int stageId)
    {
        if (_state is null || !_loadingMore.Add(stageId))
        {
            return;
        }
        try
        {
            var page = await Boards.GetColumnPageAsync(stageId, _state.CardsIn(stageId).LastOrDefault());
            _state.AddPage(page);
            _container?.Refresh();
        }
        finally
        {
            _loadingMore.Remove(stageId);
        }
    }

    private async Task CreateAsync(int stageId)
    {
        if (_state is null)
        {
            return;
        }
        var parameters = new DialogParameters<DealEditDialog>
        {
            { d => d.Stages, _state.Stages },
            { d => d.Initial, new DealInput { StageId = stageId, Currency = DefaultCurrency, ResponsibleUserId = _actor?.UserId } },
        };
        await Dialogs.ShowAsync<DealEditDialog>(L["Deal.New"], parameters, EditDialogs.Options);
    }

    private async Task EditAsync(DealCard card)
    {
        if (_state is null)
        {
            return;
        }
        var parameters = new DialogParameters<DealEditDialog>
        {
            { d => d.Stages, _state.Stages },
            { d => d.DealId, card.Id },
        };
        await Dialogs.ShowAsync<DealEditDialog>(L["Deal.Edit"], parameters, EditDialogs.Options);
    }

    private async Task DeleteAsync(DealCard card)
    {
        if (_actor is null)
        {
            return;
        }
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            L["Deal.DeleteTitle"], L["Deal.DeleteConfirm", card.Title], yesText: L["Common.Delete"], cancelText: L["Common.Cancel"]);
        if (confirmed != true)
        {
            return;
        }
        var current = _state?.Find(card.Id) ?? card;
        var result = await Deals.DeleteAsync(card.Id, current.Version, _actor);
        Snackbar.Add(result.IsOk ? L["Deal.Deleted", card.Title] : Message(result), result.IsOk ? Severity.Success : Severity.Warning);
    }

    private void SelectPipeline(int pipelineId) => Navigation.NavigateTo($"deals?pipeline={pipelineId}");

    public void Dispose()
    {
        Connection.Reconnected -= OnReconnectedAsync;
        _subscription?.Dispose();
    }
}
