namespace CrmBlazor.Components.Shared;

/// <summary>
/// A form's save and what it leaves to show: each field's error next to the field, one message above the form for
/// the rest (a lost race, a missing record, a database failure). Every form that saves through a Core use case runs it.
/// </summary>
public sealed class FormSubmission(IStringLocalizer localizer)
{
    public FieldErrors Errors { get; private set; } = FieldErrors.None;

    public string? Message { get; set; }

    public bool Saving { get; private set; }

    /// <summary>Also say "correct the marked fields" above the form, for a form long enough to hide a marked field.</summary>
    public bool SayInvalid { get; init; }

    /// <summary>The message for a lost race, when the form has its own words for it.</summary>
    public string? ConflictKey { get; init; }

    /// <summary>Runs <paramref name="save"/>; null when the database failed and nothing was saved (the form keeps what the user typed).</summary>
    public async Task<Result<T>?> RunAsync<T>(Func<Task<Result<T>>> save)
    {
        Saving = true;
        try
        {
            var result = await save();
            Errors = new FieldErrors(result.Errors);
            Message = result.Status switch
            {
                ResultStatus.Ok => null,
                ResultStatus.Invalid => SayInvalid ? localizer["Error.Invalid"].Value : null,
                ResultStatus.Conflict when ConflictKey is not null => localizer[ConflictKey].Value,
                _ => localizer[result.MessageKey ?? "Error.Unexpected"].Value,
            };
            return result;
        }
        catch (Exception ex) when (Transient.IsDatabaseFailure(ex))
        {
            Message = localizer["Error.Unexpected"].Value;
            return null;
        }
        finally
        {
            Saving = false;
        }
    }

    public void Clear()
    {
        Errors = FieldErrors.None;
        Message = null;
    }
}
