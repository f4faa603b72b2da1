namespace CrmBlazor.Components.Shared;

/// <summary>The core's field errors as a form shows them: next to the field that caused them, in the user's language.</summary>
public sealed class FieldErrors(IReadOnlyList<FieldError> errors)
{
    public static readonly FieldErrors None = new([]);

    public bool Has(string field) => errors.Any(e => e.Field == field);

    /// <summary>The errors of one part of a larger input (<c>Contact.FirstName</c> under <c>Contact.</c>), named as that part's own form names them.</summary>
    public FieldErrors Under(string prefix) =>
        new(errors.Where(e => e.Field.StartsWith(prefix, StringComparison.Ordinal)).Select(e => e with { Field = e.Field[prefix.Length..] }).ToList());

    public string? For(string field, IStringLocalizer localizer) =>
        errors.FirstOrDefault(e => e.Field == field) is { } error ? localizer[error.MessageKey, error.Args].Value : null;
}

public static class EditDialogs
{
    public static readonly DialogOptions Options = new() { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true };
}
