using System.Globalization;
using System.Text;

namespace CrmBlazor.Core.Import;

/// <summary>What a column of a lead file can become.</summary>
public enum LeadImportField
{
    Title,
    FullName,
    FirstName,
    LastName,
    CompanyName,
    Phone,
    Email,
    Website,
    Address,
    Responsible,
    ExpectedAmount,
    Currency,
    Comment,
    /// <summary>A lead's id in this CRM (for the duplicate rule "by id": update or skip that lead).</summary>
    Id,
}

/// <summary>Which existing lead a row is the same as.</summary>
public enum DuplicateKey
{
    Email,
    Phone,
    CompanyName,
    Id,
}

/// <summary>What happens to a row that matches an existing lead.</summary>
public enum DuplicateRule
{
    Skip,
    Update,
    CreateAnyway,
}

/// <summary>The mapping of a file's columns (by position) to lead fields; null leaves a column out.</summary>
public sealed record LeadImportMapping(IReadOnlyList<LeadImportField?> Columns)
{
    /// <summary>Each header's likely field from its English or Polish name (diacritics, case, spaces and punctuation ignored); a field is guessed once.</summary>
    public static LeadImportMapping Guess(IReadOnlyList<string> headers)
    {
        var used = new HashSet<LeadImportField>();
        var columns = new List<LeadImportField?>();
        foreach (var header in headers)
        {
            LeadImportField? field = Names.TryGetValue(Key(header), out var f) && used.Add(f) ? f : null;
            columns.Add(field);
        }
        return new LeadImportMapping(columns);
    }

    /// <summary>Errors of the mapping itself: a field mapped to two columns, nothing to make a lead from.</summary>
    public IReadOnlyList<FieldError> Validate(IReadOnlyList<string> headers)
    {
        var errors = new List<FieldError>();
        foreach (var twice in Columns.Select((f, i) => (f, i)).Where(c => c.f is not null).GroupBy(c => c.f!.Value).Where(g => g.Count() > 1))
        {
            errors.Add(new FieldError(twice.Key.ToString(), "Import.Mapping.Twice", string.Join(", ", twice.Select(c => headers.ElementAtOrDefault(c.i) ?? $"#{c.i + 1}"))));
        }
        if (!Columns.Any(f => f is LeadImportField.Email or LeadImportField.Phone))
        {
            errors.Add(new FieldError("Mapping", "Import.Mapping.NeedsReach"));
        }
        if (!Columns.Any(f => f is LeadImportField.Title or LeadImportField.FullName or LeadImportField.FirstName or LeadImportField.LastName or LeadImportField.CompanyName or LeadImportField.Email))
        {
            errors.Add(new FieldError("Mapping", "Import.Mapping.NeedsName"));
        }
        return errors;
    }

    public int? ColumnOf(LeadImportField field)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (Columns[i] == field)
            {
                return i;
            }
        }
        return null;
    }

    /// <summary>A header as compared: lower case, no diacritics (ł is l), letters and digits only.</summary>
    public static string Key(string header)
    {
        var text = header.Trim().ToLowerInvariant().Replace('ł', 'l').Normalize(NormalizationForm.FormD);
        var key = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c) && CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                key.Append(c);
            }
        }
        return key.ToString();
    }

    private static readonly Dictionary<string, LeadImportField> Names = Build(new()
    {
        [LeadImportField.Title] = ["title", "lead", "leadtitle", "leadname", "subject", "tytul", "nazwaleada", "lead nazwa", "temat"],
        [LeadImportField.FullName] = ["name", "fullname", "contact", "contactname", "person", "imieinazwisko", "osoba", "kontakt", "nazwisko i imie", "imie nazwisko"],
        [LeadImportField.FirstName] = ["firstname", "first", "givenname", "forename", "imie"],
        [LeadImportField.LastName] = ["lastname", "last", "surname", "familyname", "nazwisko"],
        [LeadImportField.CompanyName] = ["company", "companyname", "organization", "organisation", "account", "firma", "nazwafirmy", "przedsiebiorstwo", "organizacja"],
        [LeadImportField.Phone] = ["phone", "phonenumber", "telephone", "tel", "mobile", "cell", "telefon", "nrtelefonu", "numertelefonu", "komorka", "telkom"],
        [LeadImportField.Email] = ["email", "emailaddress", "mail", "adresemail", "poczta", "adresmailowy"],
        [LeadImportField.Website] = ["website", "web", "www", "url", "site", "stronawww", "strona", "stronainternetowa"],
        [LeadImportField.Address] = ["address", "street", "adres", "ulica", "adrespocztowy"],
        [LeadImportField.Responsible] = ["responsible", "owner", "assignedto", "assignee", "salesperson", "odpowiedzialny", "opiekun", "wlasciciel", "przypisany", "handlowiec"],
        [LeadImportField.ExpectedAmount] = ["amount", "value", "expectedamount", "dealvalue", "kwota", "wartosc", "przewidywanakwota"],
        [LeadImportField.Currency] = ["currency", "waluta"],
        [LeadImportField.Comment] = ["comment", "comments", "note", "notes", "description", "komentarz", "uwagi", "notatka", "notatki", "opis"],
        [LeadImportField.Id] = ["id", "leadid", "identyfikator"],
    });

    private static Dictionary<string, LeadImportField> Build(Dictionary<LeadImportField, string[]> names) =>
        names.SelectMany(kv => kv.Value.Select(n => (Key: Key(n), kv.Key))).DistinctBy(n => n.Key).ToDictionary(n => n.Key, n => n.Item2);
}

/// <summary>A row as it will be saved (<see cref="Input"/>, null when it cannot be), with its problems; <see cref="ExistingId"/> from an id column.</summary>
public sealed record LeadImportRow(int Number, IReadOnlyList<string> Cells, LeadInput? Input, int? ExistingId, IReadOnlyList<FieldError> Problems)
{
    public bool IsValid => Input is not null && Problems.Count == 0;
}
