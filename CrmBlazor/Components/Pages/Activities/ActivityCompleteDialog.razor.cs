namespace CrmBlazor.Components.Pages.Activities;

/// <summary>Marks <see cref="Activity"/> done with its outcome; closes with the done activity.</summary>
public sealed partial class ActivityCompleteDialog(ActivityService activities, IStringLocalizer<SharedResource> L)
{
    private FieldErrors _errors = FieldErrors.None;
    private string? _message;
    private string? _outcome;
    private bool _saving;

    [CascadingParameter] private IMudDialogInstance Dialog { get; set; } = default!;

    [Parameter, EditorRequired] public ActivityRow Activity { get; set; } = default!;
    [Parameter, EditorRequired] public Actor Actor { get; set; } = default!;

    private async Task CompleteAsync()
    {
        _saving = true;
        _message = null;
        try
        {
            var result = await activities.CompleteAsync(Activity.Id, Activity.Version, Actor, outcome: _outcome);
            _errors = new FieldErrors(result.Errors);
            if (result.IsOk)
            {
                Dialog.Close(DialogResult.Ok(result.Value!));
            }
            else if (result.Errors.Count == 0)
            {
                _message = L[result.MessageKey ?? "Error.Unexpected"].Value;
            }
        }
        catch (Exception ex) when (Transient.IsDatabaseFailure(ex))
        {
            _message = L["Error.Unexpected"].Value;
        }
        finally
        {
            _saving = false;
        }
    }
}
