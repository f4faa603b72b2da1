using System.Globalization;
using System.Text;

namespace CrmBlazor.Core.Import;

/// <summary>What a column of an import file can become (leads, contacts, companies and deals each their own, <see cref="LeadImportMapping.FieldsFor"/>).</summary>
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
    /// <summary>A record's id in this CRM (for the duplicate rule "by id": update or skip that record).</summary>
    Id,
    /// <summary>A contact's position (contacts only).</summary>
    Position,
    /// <summary>The town of an address (contacts, companies).</summary>
    City,
    /// <summary>The id of the contact a deal is linked to (deals only; a name or an e-mail finds it too).</summary>
    ContactId,
    /// <summary>The id of the company a deal is linked to (deals only; a name finds it too).</summary>
    CompanyId,
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
    public static LeadImportMapping Guess(IReadOnlyList<string> headers, ElementKind kind = ElementKind.Lead)
    {
        var used = new HashSet<LeadImportField>();
        var allowed = FieldsFor(kind);
        var columns = new List<LeadImportField?>();
        foreach (var header in headers)
        {
            var key = Key(header);
            LeadImportField? field = Names.TryGetValue(key, out var f) ? f : null;
            if (kind == ElementKind.Company && (field is LeadImportField.Title or LeadImportField.FullName || key is "nazwa"))
            {
                field = LeadImportField.CompanyName; // a company file's "Name" is the company's
            }
            if (kind == ElementKind.Deal)
            {
                // A deal file's "Name" is the deal's; its contact and company ids are links, the deal's own id is "Id".
                field = key switch
                {
                    "name" or "nazwa" or "deal" or "dealname" or "dealtitle" or "transakcja" or "nazwatransakcji" or "szansa" => LeadImportField.Title,
                    "contactid" or "idkontaktu" => LeadImportField.ContactId,
                    "companyid" or "idfirmy" => LeadImportField.CompanyId,
                    "contact" or "contactname" or "kontakt" or "osoba" => LeadImportField.FullName,
                    "dealid" or "idtransakcji" => LeadImportField.Id,
                    _ => field,
                };
            }
            columns.Add(field is { } g && allowed.Contains(g) && used.Add(g) ? g : null);
        }
        return new LeadImportMapping(columns);
    }

    /// <summary>The fields a file of <paramref name="kind"/> can map its columns to, in the order the mapping offers them.</summary>
    public static IReadOnlyList<LeadImportField> FieldsFor(ElementKind kind) => kind switch
    {
        ElementKind.Contact => [LeadImportField.FullName, LeadImportField.FirstName, LeadImportField.LastName, LeadImportField.Position, LeadImportField.CompanyName,
            LeadImportField.Phone, LeadImportField.Email, LeadImportField.Address, LeadImportField.City, LeadImportField.Responsible, LeadImportField.Id],
        ElementKind.Company => [LeadImportField.CompanyName, LeadImportField.Phone, LeadImportField.Email, LeadImportField.Website, LeadImportField.Address,
            LeadImportField.City, LeadImportField.Responsible, LeadImportField.Id],
        ElementKind.Deal => [LeadImportField.Title, LeadImportField.ExpectedAmount, LeadImportField.Currency, LeadImportField.CompanyName, LeadImportField.CompanyId,
            LeadImportField.FullName, LeadImportField.Email, LeadImportField.ContactId, LeadImportField.Responsible, LeadImportField.Id],
        _ => [.. Enum.GetValues<LeadImportField>().Where(f => f is not (LeadImportField.Position or LeadImportField.City or LeadImportField.ContactId or LeadImportField.CompanyId))],
    };

    /// <summary>The duplicate keys a file of <paramref name="kind"/> can match on (a contact has no company name of its own).</summary>
    public static IReadOnlyList<DuplicateKey> KeysFor(ElementKind kind) => kind switch
    {
        ElementKind.Contact => [DuplicateKey.Email, DuplicateKey.Phone, DuplicateKey.Id],
        // A deal's e-mail and phone are its contact's, and titles repeat: a deal is the same only by its id.
        ElementKind.Deal => [DuplicateKey.Id],
        _ => Enum.GetValues<DuplicateKey>(),
    };

    /// <summary>Errors of the mapping itself for a file of <paramref name="kind"/>: a field mapped to two columns, a field the kind has not, nothing to make a record from.</summary>
    public IReadOnlyList<FieldError> Validate(IReadOnlyList<string> headers, ElementKind kind)
    {
        if (kind == ElementKind.Lead)
        {
            return Validate(headers);
        }
        var errors = Twice(headers);
        var allowed = FieldsFor(kind);
        foreach (var field in Columns.OfType<LeadImportField>().Distinct().Where(f => !allowed.Contains(f)))
        {
            errors.Add(new FieldError(field.ToString(), "Import.Mapping.NotForKind", field.ToString()));
        }
        // A file of ids only updates (a row that would create fails on its empty name), so it needs no name column.
        var ids = Columns.Contains(LeadImportField.Id);
        if (kind == ElementKind.Contact && !ids && !Columns.Any(f => f is LeadImportField.FullName or LeadImportField.FirstName))
        {
            errors.Add(new FieldError("Mapping", "Import.Mapping.NeedsFirstName"));
        }
        if (kind == ElementKind.Company && !ids && !Columns.Any(f => f is LeadImportField.CompanyName))
        {
            errors.Add(new FieldError("Mapping", "Import.Mapping.NeedsCompanyName"));
        }
        if (kind == ElementKind.Deal && !ids && !Columns.Any(f => f is LeadImportField.Title))
        {
            errors.Add(new FieldError("Mapping", "Import.Mapping.NeedsTitle"));
        }
        return errors;
    }

    private List<FieldError> Twice(IReadOnlyList<string> headers)
    {
        var errors = new List<FieldError>();
        foreach (var twice in Columns.Select((f, i) => (f, i)).Where(c => c.f is not null).GroupBy(c => c.f!.Value).Where(g => g.Count() > 1))
        {
            errors.Add(new FieldError(twice.Key.ToString(), "Import.Mapping.Twice", string.Join(", ", twice.Select(c => headers.ElementAtOrDefault(c.i) ?? $"#{c.i + 1}"))));
        }
        return errors;
    }

    /// <summary>Errors of the mapping itself: a field mapped to two columns, nothing to make a lead from.</summary>
    public IReadOnlyList<FieldError> Validate(IReadOnlyList<string> headers)
    {
        var errors = Twice(headers);
        foreach (var field in Columns.OfType<LeadImportField>().Distinct().Where(f => !FieldsFor(ElementKind.Lead).Contains(f)))
        {
            errors.Add(new FieldError(field.ToString(), "Import.Mapping.NotForKind", field.ToString()));
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
        [LeadImportField.Id] = ["id", "leadid", "contactid", "companyid", "identyfikator"],
        [LeadImportField.Position] = ["position", "jobtitle", "role", "stanowisko", "funkcja"],
        [LeadImportField.City] = ["city", "town", "miasto", "miejscowosc"],
    });

    private static Dictionary<string, LeadImportField> Build(Dictionary<LeadImportField, string[]> names) =>
        names.SelectMany(kv => kv.Value.Select(n => (Key: Key(n), kv.Key))).DistinctBy(n => n.Key).ToDictionary(n => n.Key, n => n.Item2);
}

/// <summary>A contact or company row as it will be saved (<see cref="Input"/> a <see cref="ContactInput"/> or <see cref="CompanyInput"/>, null when it cannot be), with its problems.</summary>
public sealed record PartyImportRow(int Number, IReadOnlyList<string> Cells, PartyInput? Input, int? ExistingId, IReadOnlyList<FieldError> Problems)
{
    public bool IsValid => Input is not null && Problems.Count == 0;

    /// <summary>The contact's full name or the company's name, as the preview shows it.</summary>
    public string? Name => Input switch
    {
        ContactInput c => string.Join(' ', new[] { c.FirstName, c.LastName }.Where(n => !string.IsNullOrEmpty(n))),
        CompanyInput c => c.Name,
        _ => null,
    };
}

/// <summary>A deal row as it will be saved (<see cref="Input"/>, null when it cannot be), with the contact and company it links to by name, and its problems.</summary>
public sealed record DealImportRow(int Number, IReadOnlyList<string> Cells, DealInput? Input, int? ExistingId, IReadOnlyList<FieldError> Problems, string? ContactName, string? CompanyName)
{
    public bool IsValid => Input is not null && Problems.Count == 0;
}

/// <summary>A row as it will be saved (<see cref="Input"/>, null when it cannot be), with its problems; <see cref="ExistingId"/> from an id column.</summary>
public sealed record LeadImportRow(int Number, IReadOnlyList<string> Cells, LeadInput? Input, int? ExistingId, IReadOnlyList<FieldError> Problems)
{
    public bool IsValid => Input is not null && Problems.Count == 0;
}
