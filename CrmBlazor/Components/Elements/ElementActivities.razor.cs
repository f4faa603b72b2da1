using CrmBlazor.Components.Pages.Activities;

namespace CrmBlazor.Components.Elements;

/// <summary>
/// An element's activities: plan a call, meeting, task or e-mail, complete one in place, edit or delete it. Reloads
/// when anyone changes an activity of the element.
/// </summary>
public sealed partial class ElementActivities(
    ActivityService activities, ActivityCompletion completion, IDialogService dialogs, CrmTime time, IStringLocalizer<SharedResource> L) : ElementPanel
{
    private IReadOnlyList<ActivityRow> _activities = [];
    private string? _message;

    protected override bool ReloadsOn(CrmEvent change) => change is ActivityChanged;

    protected override async Task LoadAsync() => _activities = await activities.ForElementAsync(Element, await CurrentActorAsync());

    private bool MayChange(ActivityRow activity) => Actor is not null && AccessPolicy.MayChangeActivity(Actor, activity.ResponsibleUserId, activity.CreatedById);

    private async Task PlanAsync(ActivityType type)
    {
        var dialog = await dialogs.ShowAsync<ActivityEditDialog>(L["Activity.Plan." + type],
            new DialogParameters<ActivityEditDialog> { { d => d.Element, Element }, { d => d.Type, type } }, EditDialogs.Options);
        if (!(await dialog.Result)!.Canceled)
        {
            await ReloadAsync();
        }
    }

    private async Task EditAsync(ActivityRow activity)
    {
        var dialog = await dialogs.ShowAsync<ActivityEditDialog>(L["Activity.Edit"],
            new DialogParameters<ActivityEditDialog> { { d => d.ActivityId, activity.Id } }, EditDialogs.Options);
        if (!(await dialog.Result)!.Canceled)
        {
            await ReloadAsync();
        }
    }

    private Task CompleteAsync(ActivityRow activity) => completion.CompleteAsync(activity, Actor!, ReloadAsync);

    private Task DeleteAsync(ActivityRow activity) => ActAsync(actor => activities.DeleteAsync(activity.Id, activity.Version, actor));

    private async Task ActAsync(Func<Actor, Task<Result<ActivityRow>>> action)
    {
        _message = null;
        try
        {
            var result = await action(Actor!);
            if (!result.IsOk)
            {
                _message = L[result.MessageKey ?? "Error.Unexpected"].Value;
            }
        }
        catch (Exception ex) when (Transient.IsDatabaseFailure(ex))
        {
            _message = L["Error.Unexpected"].Value;
        }
        await ReloadAsync();
    }

}
