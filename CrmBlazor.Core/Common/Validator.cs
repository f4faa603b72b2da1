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

    /// <summary>A phone number libphonenumber can read (see <see cref="PhoneNumberFormat"/>).</summary>
    public Validator Phone(string field, string? value, string region)
    {
        if (!string.IsNullOrWhiteSpace(value) && PhoneNumberFormat.Normalize(value, region) is null)
        {
            Add(field, "Validation.Phone");
        }
        return this;
    }

    /// <summary>A web address with a host that has a dot in it; "https://" is assumed when no scheme is typed.</summary>
    /// <remarks>
    /// The length is that of what is stored: normalising adds "https://" and escapes what a URL cannot hold, so a
    /// typed address of 300 characters may be longer once normalised.
    /// </remarks>
    public Validator Website(string field, string? value, int max = WebsiteMaxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return this;
        }
        var normalized = value.Trim().Length > max * 4 ? null : NormalizeWebsite(value);
        if (normalized is null && value.Trim().Length <= max * 4)
        {
            Add(field, "Validation.Website");
        }
        else if (normalized is null || normalized.Length > max)
        {
            Add(field, "Validation.MaxLength", max);
        }
        return this;
    }

    /// <summary>The longest stored web address (the column's length).</summary>
    public const int WebsiteMaxLength = 300;

    public static string? NormalizeWebsite(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        var site = value.Trim();
        if (!site.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && !site.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            site = "https://" + site;
        }
        return Uri.TryCreate(site, UriKind.Absolute, out var uri) && uri.Host.Contains('.', StringComparison.Ordinal) && !uri.Host.EndsWith('.')
            ? uri.ToString().TrimEnd('/')
            : null;
    }

    /// <summary>Trimmed text, or null for blank input: how every optional text field is stored.</summary>
    public static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    public static bool IsEmail(string value) =>
        MailAddress.TryCreate(value, out var address) && address.Address == value && value.Contains('.', StringComparison.Ordinal);
}
