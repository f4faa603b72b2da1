using CrmBlazor.Core.Common;
using CrmBlazor.Core.Live;
using CrmBlazor.Security;
using Microsoft.AspNetCore.Components;

namespace CrmBlazor.Components.Elements;

/// <summary>
/// A panel of one element's page (its activities, its timeline): it knows the signed-in user, loads when the element
/// is set or changes, and reloads on the element's live events (<see cref="ReloadsOn"/>), until it is disposed.
/// </summary>
public abstract class ElementPanel : ComponentBase, IDisposable
{
    private IDisposable? _subscription;
    private ElementRef _watched;
    private bool _disposed;

    [Inject] private ILiveUpdates Live { get; set; } = default!;
    [Inject] private CurrentUser CurrentUser { get; set; } = default!;

    [Parameter, EditorRequired] public ElementRef Element { get; set; }

    /// <summary>The signed-in user, once the panel has loaded.</summary>
    protected Actor? Actor { get; private set; }

    /// <summary>Reads what the panel shows for <see cref="Element"/>.</summary>
    protected abstract Task LoadAsync();

    /// <summary>Whether an event of the element changes what the panel shows.</summary>
    protected virtual bool ReloadsOn(CrmEvent change) => true;

    /// <summary>Called when the panel starts showing another element, before it loads.</summary>
    protected virtual void OnElementChanged()
    {
    }

    protected override async Task OnParametersSetAsync()
    {
        Actor ??= await CurrentUser.GetActorAsync();
        if (_disposed)
        {
            return; // the page went away during the await: a subscription now would outlive it
        }
        if (_watched != Element)
        {
            _subscription?.Dispose();
            _watched = Element;
            OnElementChanged();
            _subscription = Live.Subscribe(LiveTopics.Element(Element), change => ReloadsOn(change)
                ? InvokeAsync(async () =>
                {
                    await LoadAsync();
                    StateHasChanged();
                })
                : Task.CompletedTask);
        }
        await LoadAsync();
    }

    public void Dispose()
    {
        _disposed = true;
        _subscription?.Dispose();
        GC.SuppressFinalize(this);
    }
}
