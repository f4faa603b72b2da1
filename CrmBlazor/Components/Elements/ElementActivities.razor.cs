using CrmBlazor.Components.Pages.Activities;
using CrmBlazor.Components.Shared;
using CrmBlazor.Core.Activities;
using CrmBlazor.Core.Common;
using CrmBlazor.Core.Live;
using CrmBlazor.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace CrmBlazor.Components.Elements;

/// <summary>
/// An element's activities: plan a call, meeting, task or e-mail, complete one in place, edit or delete it. Reloads
/// when anyone changes an activity of the element.
/// </summary>
public sealed partial class ElementActivities : IDisposable
{
    private IReadOnlyList<ActivityRow> _activities = [];
    private IDisposable? _subscription;
    private bool _disposed;
    private Actor? _actor;
    private string? _message;
    private ElementRef _watched;

    [Inject] private ActivityService Activities { get; set; } = default!;
    [Inject] private ILiveUpdates Live { get; set; } = default!;
    [Inject] private CurrentUser CurrentUser { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private CrmTime Time { get; set; } = default!;
    [Inject] private IStringLocalizer<SharedResource> L { get; set; } = default!;

    [Parameter, EditorRequired] public ElementRef Element { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        _actor ??= await CurrentUser.GetActorAsync();
        if (_disposed)
        {
            return; // the page went away during the await: a subscription now would outlive it
        }
        if (_watched != Element)
        {
            _subscription?.Dispose();
            _watched = Element;
            _subscription = Live.Subscribe(LiveTopics.Element(Element), change => InvokeAsync(async () =>
            {
                if (change is ActivityChanged)
                {
                    await LoadAsync();
                    StateHasChanged();
                }
            }));
        }
        await LoadAsync();
    }

    private async Task LoadAsync() => _activities = await Activities.ForElementAsync(Element);

    private bool MayChange(ActivityRow activity) => _actor is not null && ActivityService.MayChange(_actor, activity);

    private async Task PlanAsync(ActivityType type)
    {
        var dialog = await Dialogs.ShowAsync<ActivityEditDialog>(L["Activity.Plan." + type],
            new DialogParameters<ActivityEditDialog> { { d => d.Element, Element }, { d => d.Type, type } }, EditDialogs.Options);
        if (!(await dialog.Result)!.Canceled)
        {
            await LoadAsync();
        }
    }

    private async Task EditAsync(ActivityRow activity)
    {
        var dialog = await Dialogs.ShowAsync<ActivityEditDialog>(L["Activity.Edit"],
            new DialogParameters<ActivityEditDialog> { { d => d.ActivityId, activity.Id } }, EditDialogs.Options);
        if (!(await dialog.Result)!.Canceled)
        {
            await LoadAsync();
        }
    }

    private Task CompleteAsync(ActivityRow activity) => ActAsync(actor => Activities.CompleteAsync(activity.Id, activity.Version, actor));

    private Task DeleteAsync(ActivityRow activity) => ActAsync(actor => Activities.DeleteAsync(activity.Id, activity.Version, actor));

    private async Task ActAsync(Func<Actor, Task<Result<ActivityRow>>> action)
    {
        _message = null;
        try
        {
            var result = await action(_actor!);
            if (!result.IsOk)
            {
                _message = L[result.MessageKey ?? "Error.Unexpected"].Value;
            }
        }
        catch (Exception ex) when (Transient.IsDatabaseFailure(ex))
        {
            _message = L["Error.Unexpected"].Value;
        }
        await LoadAsync();
    }

    public void Dispose()
    {
        _disposed = true;
        _subscription?.Dispose();
    }
}
