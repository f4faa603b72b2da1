namespace CrmBlazor.Components.Pages.Activities;

/// <summary>
/// "Mark as done" wherever activities are listed: asks for the outcome, and offers an undo in the notice that follows
/// (which plans the activity again). Scoped to the circuit.
/// </summary>
public sealed class ActivityCompletion(
    ActivityService activities, IDialogService dialogs, ISnackbar snackbar, IStringLocalizer<SharedResource> L, ILogger<ActivityCompletion> logger)
{
    /// <summary>True when the activity was marked done; <paramref name="changed"/> runs after the completion and after an undo.</summary>
    public async Task<bool> CompleteAsync(ActivityRow activity, Actor actor, Func<Task> changed)
    {
        var dialog = await dialogs.ShowAsync<ActivityCompleteDialog>(null,
            new DialogParameters<ActivityCompleteDialog> { { d => d.Activity, activity }, { d => d.Actor, actor } }, EditDialogs.Options);
        if (await dialog.Result is not { Canceled: false, Data: ActivityRow done })
        {
            return false;
        }
        snackbar.Add(L["Activity.Done", done.Subject], Severity.Success, options =>
        {
            options.Action = L["Common.Undo"];
            options.ActionColor = Color.Inherit;
            options.VisibleStateDuration = 8000;
            options.OnClick = _ => UndoAsync(done, actor, changed);
        });
        await changed();
        return true;
    }

    private async Task UndoAsync(ActivityRow done, Actor actor, Func<Task> changed)
    {
        try
        {
            var result = await activities.ReopenAsync(done.Id, done.Version, actor);
            snackbar.Add(result.IsOk ? L["Activity.Reopened", done.Subject] : L[result.MessageKey ?? "Error.Unexpected"],
                result.IsOk ? Severity.Info : Severity.Warning);
            await changed();
        }
        catch (Exception ex) when (Transient.IsDatabaseFailure(ex))
        {
            logger.LogError(ex, "Undoing the completion of activity {ActivityId} failed", done.Id);
            snackbar.Add(L["Error.Unexpected"], Severity.Error);
        }
    }
}
