using CrmBlazor.Core;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.Options;
using Microsoft.JSInterop;

namespace CrmBlazor.Components.Pages.Deals;

/// <summary>
/// The deal kanban of one pipeline. Moves are saved by <see cref="DealService"/>; what anyone changes reaches this
/// board as a <see cref="DealChanged"/> event and is applied to its <see cref="BoardState"/>, and only the columns it
/// changed re-render. Cards are dragged with the browser's own drag and drop (DealBoard.razor.js), which calls
/// <see cref="DropCardAsync"/>.
/// </summary>
public sealed partial class DealBoard(
    DealBoardService boards, PipelineService pipelineService, CustomFieldService customFields, CrmTime time, DealService deals, LiveViews liveViews, CurrentUser currentUser,
    IDialogService dialogs, ISnackbar snackbar, LiveNotices notices, NavigationManager navigation, IOptions<CrmOptions> options,
    IStringLocalizer<SharedResource> L, ILogger<DealBoard> logger, IJSRuntime JS) : IAsyncDisposable
{
    private readonly HashSet<int> _loadingMore = [];
    private readonly List<DealChanged> _pending = [];
    private readonly Dictionary<int, StageColumn> _columns = [];
    private IReadOnlyList<CustomFieldView> _customFields = [];
    private BoardState? _state;
    private ElementReference _host;
    private IJSObjectReference? _dragDrop;
    private DotNetObjectReference<DealBoard>? _self;
    private MudMenu? _cardMenu;
    private DealCard? _menuCard;
    private string? _menuAt;
    private int? _menuByKeyboard;
    private Actor? _actor;
    private LiveView? _live;
    private LiveWatch? _pipeline;
    private LiveWatch? _structure;
    private LiveWatch? _filtered;
    private LiveWatch? _currencies;
    private DealFilter _filter = DealFilter.None;
    private int? _dragging;
    private Dictionary<int, string> _movers = [];
    private bool _counted;
    private string? _loadError;
    private bool _loading;

    [SupplyParameterFromQuery(Name = "pipeline")]
    public int? PipelineId { get; set; }

    /// <summary>A deal to show highlighted, for example the one a lead was just converted into.</summary>
    [SupplyParameterFromQuery(Name = "deal")]
    public int? HighlightDealId { get; set; }

    private string DefaultCurrency => options.Value.DefaultCurrency;

    protected override async Task OnInitializedAsync()
    {
        _live = liveViews.For(InvokeAsync, DispatchExceptionAsync);
        CrmMetrics.OpenBoards.Add(1);
        _counted = true;
        // Each event is applied in place, not coalesced: a move re-renders one card and two column headers.
        _pipeline = _live.Watch([], OnLiveChange);
        // An admin changed the pipeline's stages (or any pipeline's name): the columns are read again, coalesced.
        _structure = _live.WatchReload([], ReloadAsync, change => change is PipelineChanged);
        // Under a filter a change may make a card match or stop matching (its owner, amount, activities): the board is
        // read again, coalesced, and the filter in SQL decides; without one, changes are applied in place.
        // An import's batch of deals (one event per batch, on the pipeline's topic) is read the same way.
        _filtered = _live.WatchReload([], ReloadAsync, change => (!_filter.IsEmpty && change is DealChanged or ActivityChanged or CountersDue) || change is ImportProgressed { Changed: > 0 });
        // A currency or rate changed: the columns' totals in the base currency are read again (decision 029).
        _currencies = _live.WatchReload([LiveTopics.Currencies], ReloadAsync);
        _live.OnReconnected(async () =>
        {
            // A dropped connection may have missed nothing (the circuit kept listening) or everything (a new server);
            // the board is cheap to read, so it is read again rather than trusted.
            await LoadAsync();
            StateHasChanged();
        });
        // The deals' custom fields, for the filters (added, renamed or removed by an admin: the address is read again).
        _live.WatchReload(LiveTopics.CustomFields, async () =>
        {
            _customFields = await customFields.ListAsync(ElementKind.Deal);
            _filter = DealFilterQuery.Parse(navigation.Uri, _customFields, time.Zone);
            await ReloadAsync();
        });
        _customFields = await customFields.ListAsync(ElementKind.Deal);
        _actor = await currentUser.GetActorAsync();
    }

    protected override Task OnParametersSetAsync()
    {
        _filter = DealFilterQuery.Parse(navigation.Uri, _customFields, time.Zone);
        return LoadAsync();
    }

    private Task ApplyFilterAsync(DealFilter filter)
    {
        navigation.NavigateTo(DealFilterQuery.Path(_state?.Pipeline.Id ?? PipelineId, filter), replace: true);
        return Task.CompletedTask;
    }

    private async Task LoadAsync()
    {
        _loading = true;
        try
        {
            var pipelines = await pipelineService.GetPipelinesAsync();
            var wanted = PipelineId ?? (HighlightDealId is { } dealId ? await boards.GetPipelineOfDealAsync(dealId) : null);
            var pipelineId = pipelines.FirstOrDefault(p => p.Id == wanted)?.Id ?? pipelines.FirstOrDefault()?.Id;
            if (pipelineId is not { } id)
            {
                _loadError = L["Deals.NoPipeline"].Value;
                return;
            }
            // Subscribe before reading, so nothing committed meanwhile is missed; the board skips what its snapshot holds.
            _structure!.Follow(LiveTopics.Pipelines);
            _filtered!.Follow(LiveTopics.Pipeline(id));
            if (_pipeline!.Follow(LiveTopics.Pipeline(id)))
            {
                _pending.Clear();
                _columns.Clear(); // another pipeline's stages: its columns are new components
            }
            var board = await boards.GetBoardAsync(id, await currentUser.GetActorAsync(), _filter);
            _state = board is null ? null : new BoardState(board);
            if (board is not null)
            {
                var ids = board.Columns.SelectMany(c => c.Cards).Select(c => c.Id).ToList();
                _state!.SetNextActivities(ids, await boards.GetNextActivitiesAsync(ids));
            }
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
    }

    private async Task ReloadAsync()
    {
        await LoadAsync();
        StateHasChanged();
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_menuByKeyboard is { } dealId && _dragDrop is not null)
        {
            _menuByKeyboard = null;
            await _dragDrop.InvokeVoidAsync("focusMenu", dealId);
        }
        if (firstRender)
        {
            _self = DotNetObjectReference.Create(this);
            try
            {
                _dragDrop = await JS.InvokeAsync<IJSObjectReference>("import", "./Components/Pages/Deals/DealBoard.razor.js");
                await _dragDrop.InvokeVoidAsync("attach", _host, _self);
            }
            catch (JSException ex)
            {
                // Without the script the board shows its cards and their links (each deal's page can still change it),
                // but neither dragging, the keyboard moves nor the cards' menus work.
                logger.LogError(ex, "The deal board's script could not be attached");
            }
        }
    }

    /// <summary>Re-renders the columns whose numbers or cards changed; the others skip (see <see cref="StageColumn"/>).</summary>
    /// <summary>The words of the cards' activity marks, for DealBoard.razor.css to show (a card then needs no element for them).</summary>
    private string MarkWords => $"--mark-none:{CssString(L["Deal.NoActivity"])};--mark-overdue:{CssString(L["Deal.OverdueActivity"])}";

    /// <summary>The card this user is carrying (dragging, or picked up by the keyboard), for the others' boards.</summary>
    private int? Carried => _grabbed?.DealId ?? _dragging;

    /// <summary>A card's drag started (its deal) or ended (null), from DealBoard.razor.js.</summary>
    [JSInvokable]
    public void Carry(int? dealId)
    {
        if (_dragging != dealId)
        {
            _dragging = dealId;
            StateHasChanged();
        }
    }

    /// <summary>
    /// The other users at this board changed: the cards they carry are marked with their names. The board renders only
    /// when those marks changed, not at every user who opens or closes it.
    /// </summary>
    private void OthersChanged(IReadOnlyList<PresenceEntry> others)
    {
        var movers = others.Where(o => o.Activity == PresenceActivity.Moving && o.Subject is not null)
            .GroupBy(o => o.Subject!.Value).ToDictionary(g => g.Key, g => g.First().UserName);
        if (!movers.OrderBy(m => m.Key).SequenceEqual(_movers.OrderBy(m => m.Key)))
        {
            _movers = movers;
            StateHasChanged();
        }
    }

    private string MoversCss => string.Concat(_movers.Select(m =>
        $".board-host [data-deal-id=\"{m.Key}\"]{{outline:2px dashed var(--mud-palette-warning);outline-offset:1px}}" +
        $".board-host [data-deal-id=\"{m.Key}\"]::before{{content:{CssString(L["Presence.MovingCard", m.Value])};display:block;font-size:.75rem;color:var(--mud-palette-warning-darken)}}"));

    private static string CssString(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
        .Replace("<", "\\3C ", StringComparison.Ordinal).Replace("\n", "\\A ", StringComparison.Ordinal) + "\"";

    private void RefreshColumns()
    {
        foreach (var column in _state?.Columns ?? [])
        {
            if (_columns.TryGetValue(column.Stage.Id, out var view))
            {
                view.Refresh();
            }
        }
    }

    private void OnLiveChange(CrmEvent change)
    {
        if (change is ActivityChanged { DealPipelineId: not null } activity && !_loading && _state is not null)
        {
            // A deal's activities changed: its card's mark may change.
            if (_state.SetNextActivity(activity.Element.Id, activity.DealNextActivityAt))
            {
                RefreshColumns();
            }
            return;
        }
        if (change is CountersDue && !_loading && _state is not null)
        {
            // Deadlines of this pipeline's deals passed: the marks are drawn again against the time now.
            _state.TouchAll();
            RefreshColumns();
            return;
        }
        if (change is not DealChanged dealChange)
        {
            return;
        }
        if (!_filter.IsEmpty)
        {
            return; // the filtered reload reads the board again
        }
        if (_loading || _state is null)
        {
            _pending.Add(dealChange);
            return;
        }
        if (dealChange.Kind == DealChangeKind.Created)
        {
            _state.SetNextActivity(dealChange.DealId, null); // a new deal has nothing planned yet
        }
        if (_state.Apply(dealChange))
        {
            // Not the whole board: the toolbar, the menu and the untouched columns stay as they are.
            RefreshColumns();
        }
        if (dealChange.ActorId != _actor?.UserId)
        {
            notices.Add(Describe(dealChange), Severity.Info, options => options.VisibleStateDuration = 2500);
        }
    }

    private string Describe(DealChanged change)
    {
        var title = (change.After ?? change.Before)?.Title ?? "";
        return change.Kind switch
        {
            // The deal left what this user may read (given to someone outside their scope): its card left the board.
            _ when change.After is null && change.Kind != DealChangeKind.Deleted => L["Live.DealLeftView", change.ActorName, title],
            DealChangeKind.Created => L["Live.DealCreated", change.ActorName, title],
            DealChangeKind.Deleted => L["Live.DealDeleted", change.ActorName, title],
            DealChangeKind.Moved when change.Before?.StageId != change.After?.StageId =>
                L["Live.DealMoved", change.ActorName, title, StageName(change.After?.StageId)],
            DealChangeKind.Moved => L["Live.DealReordered", change.ActorName, title],
            _ => L["Live.DealUpdated", change.ActorName, title],
        };
    }

    private string StageName(int? stageId) => _state?.Stages.FirstOrDefault(s => s.Id == stageId)?.Name ?? "";

    /// <summary>A card dropped at <paramref name="index"/> among the other cards of a column (from DealBoard.razor.js).</summary>
    [JSInvokable]
    public async Task DropCardAsync(int dealId, int stageId, int index)
    {
        try
        {
            if (_state?.Find(dealId) is { } card && _actor is not null && AccessPolicy.MayChange(_actor, card.ResponsibleUserId))
            {
                await MoveAsync(card, stageId, index);
            }
        }
        catch (Exception ex)
        {
            await DispatchExceptionAsync(ex);
        }
    }

    /// <summary>
    /// A card's actions button was clicked (from DealBoard.razor.js, which hears the clicks of the whole board: no card
    /// has a handler of its own). The board's one menu opens at the pointer; for a click from the keyboard (Enter or
    /// Space: detail 0, no pointer) its element is put at <paramref name="corner"/>, the bottom left corner of the
    /// button, and the menu's first item gets the focus once it is open, so that its own arrow keys, Enter and Escape work.
    /// </summary>
    [JSInvokable]
    public async Task OpenActionsAsync(int dealId, MouseEventArgs click, double[]? corner)
    {
        try
        {
            // The card may have changed since it was drawn: act on the board's current copy, if this user may change it.
            if (_state?.Find(dealId) is not { } card || _actor is null || !AccessPolicy.MayChange(_actor, card.ResponsibleUserId))
            {
                return;
            }
            _menuCard = card;
            _menuAt = click.Detail == 0 && corner is [var x, var y]
                ? FormattableString.Invariant($"position:fixed;left:{x}px;top:{y}px;width:0;height:0")
                : null;
            _menuByKeyboard = _menuAt is null ? null : dealId;
            StateHasChanged();
            if (_cardMenu is null)
            {
                await Task.Yield(); // the first time, the menu exists only after this render
            }
            if (_cardMenu is not null)
            {
                await _cardMenu.OpenMenuAsync(click);
            }
        }
        catch (Exception ex)
        {
            await DispatchExceptionAsync(ex);
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
            return; // dropped where it was
        }

        _state.ShowAt(card with { StageId = stageId, Rank = Rank.Between(above?.Rank, below?.Rank) });
        RefreshColumns();
        Result<DealCard> result;
        try
        {
            result = await deals.MoveAsync(new MoveDeal(card.Id, stageId, card.Version, above?.Id, below?.Id), _actor);
        }
        catch (Exception ex) when (Transient.IsDatabaseFailure(ex))
        {
            // The database is unreachable or refused the write: nothing was saved, so the card goes back.
            logger.LogError(ex, "Moving deal {DealId} failed", card.Id);
            _state.Restore(card.Id, card);
            RefreshColumns();
            snackbar.Add(L["Error.Unexpected"], Severity.Error);
            return;
        }
        if (result.IsOk && result.Value is { } saved)
        {
            // The saved card (its new version) at once: a keyboard user's next step must not race the live event.
            _state.Restore(card.Id, saved);
        }
        else if (!result.IsOk)
        {
            _state.Restore(card.Id, result.Status == ResultStatus.Conflict || result.Status == ResultStatus.NotFound ? result.Value : card);
            RefreshColumns();
            snackbar.Add(Message(result), Severity.Warning);
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
            var page = await boards.GetColumnPageAsync(stageId, _state.CardsIn(stageId).LastOrDefault(), await currentUser.GetActorAsync(), _filter);
            _state.AddPage(page);
            var ids = page.Select(c => c.Id).ToList();
            _state.SetNextActivities(ids, await boards.GetNextActivitiesAsync(ids));
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
            { d => d.Initial, new DealInput { StageId = stageId, Currency = _state.Rates?.BaseCode ?? DefaultCurrency, ResponsibleUserId = _actor?.UserId } },
        };
        await dialogs.ShowAsync<DealEditDialog>(L["Deal.New"], parameters, EditDialogs.Options);
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
        await dialogs.ShowAsync<DealEditDialog>(L["Deal.Edit"], parameters, EditDialogs.Options);
    }

    private async Task DeleteAsync(DealCard card)
    {
        if (_actor is null)
        {
            return;
        }
        var confirmed = await dialogs.ShowMessageBoxAsync(
            L["Deal.DeleteTitle"], L["Deal.DeleteConfirm", card.Title], yesText: L["Common.Delete"], cancelText: L["Common.Cancel"]);
        if (confirmed != true)
        {
            return;
        }
        var current = _state?.Find(card.Id) ?? card;
        var result = await deals.DeleteAsync(card.Id, current.Version, _actor);
        snackbar.Add(result.IsOk ? L["Deal.Deleted", card.Title] : Message(result), result.IsOk ? Severity.Success : Severity.Warning);
    }

    private void SelectPipeline(int pipelineId) => navigation.NavigateTo(DealFilterQuery.Path(pipelineId, _filter));

    public async ValueTask DisposeAsync()
    {
        if (_counted)
        {
            _counted = false;
            CrmMetrics.OpenBoards.Add(-1);
        }
        _live?.Dispose();
        _self?.Dispose();
        if (_dragDrop is not null)
        {
            try
            {
                await _dragDrop.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The circuit is gone, and the module with it.
            }
        }
    }
}
