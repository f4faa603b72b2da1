using System.Net.Mail;

namespace CrmBlazor.Core.Common;

/// <summary>Collects field errors for one input; the service returns them all at once.</summary>
internal sealed class Validator
{
    private readonly List<FieldError> _errors = [];

    public IReadOnlyList<FieldError> Errors => _errors;
    public bool IsValid => _errors.Count == 0;

    public Validator Add(string field, string key, params object[] args)
    {
        _errors.Add(new FieldError(field, key, args));
        return this;
    }

    public Validator Required(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, "Validation.Required");
        }
        return this;
    }

    public Validator MaxLength(string field, string? value, int max)
    {
        if (value is not null && value.Trim().Length > max)
        {
            Add(field, "Validation.MaxLength", max);
        }
        return this;
    }

    public Validator Email(string field, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value) && !IsEmail(value.Trim()))
        {
            Add(field, "Validation.Email");
        }
        return this;
    }

    public static bool IsEmail(string value) =>
        MailAddress.TryCreate(value, out var address) && address.Address == value && value.Contains('.', StringComparison.Ordinal);
}
