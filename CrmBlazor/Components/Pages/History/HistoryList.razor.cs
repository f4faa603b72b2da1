namespace CrmBlazor.Components.Pages.History;

/// <summary>
/// CRM > History: every element's timeline, newest first, filtered and paged on the server. New entries do not push
/// the rows the user is reading away: a button says how many arrived and shows them.
/// </summary>
public sealed partial class HistoryList(
    TimelineService timeline, UserDirectory users, LiveViews liveViews, CurrentUser currentUser, CrmTime time, IStringLocalizer<SharedResource> L) : IDisposable
{
    private MudDataGrid<TimelineItem>? _grid;
    private IReadOnlyList<UserSummary> _users = [];
    private LiveView? _live;
    private ElementKind? _kind;
    private string? _userId;
    private TimelineKind? _entryKind;
    private DateRange? _period;
    private int _newEntries;

    protected override async Task OnInitializedAsync()
    {
        _live = liveViews.For(InvokeAsync, DispatchExceptionAsync);
        // Not a reload: each new entry only counts towards the button.
        _live.Watch(LiveTopics.History, change =>
        {
            if (AddsEntry(change))
            {
                _newEntries++;
                StateHasChanged();
            }
        });
        _users = await users.GetUsersAsync();
    }

    /// <summary>Whether an event of the History topic wrote a new timeline entry (a reorder or an edited activity did not).</summary>
    internal static bool AddsEntry(CrmEvent change) => change switch
    {
        DealChanged { Kind: DealChangeKind.Moved, Before: { } before, After: { } after } => before.StageId != after.StageId,
        ActivityChanged activity => activity.Kind is ActivityChangeKind.Planned or ActivityChangeKind.Completed,
        TimelineChanged comment => comment.Kind == TimelineChangeKind.Added,
        _ => true,
    };

    private async Task<GridData<TimelineItem>> LoadAsync(GridState<TimelineItem> state, CancellationToken ct)
    {
        var page = await timeline.HistoryAsync(new HistoryQuery
        {
            ElementKind = _kind,
            UserId = _userId,
            Kind = _entryKind,
            From = _period?.Start is { } from ? time.ToUtc(from.Date) : null,
            To = _period?.End is { } to ? time.ToUtc(to.Date.AddDays(1)) : null,
            Skip = state.Page * state.PageSize,
            Take = state.PageSize,
        }, await currentUser.GetActorAsync(), ct);
        return new GridData<TimelineItem> { Items = page.Items, TotalItems = page.Total };
    }

    private Task ShowNewAsync() => Reload(() => { });
    private Task KindChanged(ElementKind? value) => Reload(() => _kind = value);
    private Task UserChanged(string? value) => Reload(() => _userId = value);
    private Task EntryKindChanged(TimelineKind? value) => Reload(() => _entryKind = value);
    private Task PeriodChanged(DateRange? value) => Reload(() => _period = value);

    private async Task Reload(Action change)
    {
        change();
        _newEntries = 0;
        if (_grid is not null)
        {
            await _grid.ReloadServerData();
        }
    }

    public void Dispose() => _live?.Dispose();
}
