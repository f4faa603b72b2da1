namespace CrmBlazor.Core.Common;

public enum ResultStatus
{
    Ok,
    Invalid,
    NotFound,
    Forbidden,
    Conflict,
}

/// <summary>A problem with one input field. <see cref="MessageKey"/> is a localizable resource key; <see cref="Args"/> fill its placeholders.</summary>
public sealed record FieldError(string Field, string MessageKey, params object[] Args);

/// <summary>
/// What a use case did. Services return this for every expected outcome (bad input, a lost race, a missing record,
/// a forbidden action) and throw only for bugs, so a component can always tell the user what happened.
/// </summary>
public sealed record Result<T>
{
    public required ResultStatus Status { get; init; }
    public T? Value { get; init; }
    public IReadOnlyList<FieldError> Errors { get; init; } = [];
    /// <summary>A localizable key that explains a non-OK outcome as a whole.</summary>
    public string? MessageKey { get; init; }
    public object[] MessageArgs { get; init; } = [];

    public bool IsOk => Status == ResultStatus.Ok;

    public static Result<T> Ok(T value) => new() { Status = ResultStatus.Ok, Value = value };
    public static Result<T> Invalid(IReadOnlyList<FieldError> errors) =>
        new() { Status = ResultStatus.Invalid, Errors = errors, MessageKey = "Error.Invalid" };
    public static Result<T> NotFound(string messageKey = "Error.NotFound") =>
        new() { Status = ResultStatus.NotFound, MessageKey = messageKey };
    public static Result<T> Forbidden(string messageKey = "Error.Forbidden") =>
        new() { Status = ResultStatus.Forbidden, MessageKey = messageKey };
    /// <summary>Someone else changed the record first; <paramref name="current"/> is what the database holds now.</summary>
    public static Result<T> Conflict(T? current, string messageKey, params object[] args) =>
        new() { Status = ResultStatus.Conflict, Value = current, MessageKey = messageKey, MessageArgs = args };
}
