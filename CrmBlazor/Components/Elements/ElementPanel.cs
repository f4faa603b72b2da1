namespace CrmBlazor.Components.Elements;

/// <summary>
/// A panel of one element's page (its activities, its timeline): it knows the signed-in user, loads when the element
/// is set or changes, and reloads on the element's live events (<see cref="ReloadsOn"/>), until it is disposed.
/// </summary>
public abstract class ElementPanel : ComponentBase, IDisposable
{
    private LiveView? _live;
    private LiveWatch? _element;

    [Inject] private LiveViews LiveViews { get; set; } = default!;
    [Inject] private CurrentUser CurrentUser { get; set; } = default!;

    [Parameter, EditorRequired] public ElementRef Element { get; set; }

    /// <summary>The signed-in user, once the panel has loaded.</summary>
    protected Actor? Actor { get; private set; }

    /// <summary>The signed-in user with their role as it is now (a role change applies at the next load).</summary>
    protected Task<Actor> CurrentActorAsync() => CurrentUser.GetActorAsync();

    /// <summary>Reads what the panel shows for <see cref="Element"/>.</summary>
    protected abstract Task LoadAsync();

    /// <summary>Loads again now, or right after a reload in progress (never two at once), and re-renders.</summary>
    protected Task ReloadAsync() => _element?.ReloadAsync() ?? Task.CompletedTask;

    /// <summary>Whether an event of the element changes what the panel shows.</summary>
    protected virtual bool ReloadsOn(CrmEvent change) => true;

    /// <summary>Called when the panel starts showing another element, before it loads.</summary>
    protected virtual void OnElementChanged()
    {
    }

    protected override void OnInitialized()
    {
        _live = LiveViews.For(InvokeAsync, DispatchExceptionAsync);
        _element = _live.WatchReload([], async () =>
        {
            await LoadAsync();
            StateHasChanged();
        }, ReloadsOn);
    }

    protected override async Task OnParametersSetAsync()
    {
        Actor ??= await CurrentUser.GetActorAsync();
        // Subscribed before it reads, so a change committed meanwhile is not missed (after disposal, nothing happens).
        if (_element!.Follow(LiveTopics.Element(Element)))
        {
            OnElementChanged();
        }
        await _element.ReloadAsync();
    }

    public void Dispose()
    {
        _live?.Dispose();
        GC.SuppressFinalize(this);
    }
}
