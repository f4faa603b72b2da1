using System.Globalization;
using System.Text.Json;

namespace CrmBlazor.Core.Import;

/// <summary>
/// Contact and company import: the same run as a lead import (file, mapping, background batches, failures, events,
/// undo, presets), with rows that become a <see cref="ContactInput"/> or <see cref="CompanyInput"/> and go through
/// <see cref="ContactService"/>'s or <see cref="CompanyService"/>'s own rules. A contact's company column links it to
/// an existing company of that name (case-insensitively); a name no company has fails the row (import the companies
/// first). Decision 015.
/// </summary>
public sealed partial class LeadImportService
{
    /// <summary>The first <paramref name="take"/> contact or company rows as they would be saved, each with its problems.</summary>
    public async Task<IReadOnlyList<PartyImportRow>> PreviewPartiesAsync(ImportFile file, LeadImportSettings settings, Actor actor, int take = 20, CancellationToken ct = default)
    {
        var users = await UsersAsync(ct);
        var custom = await CustomFieldsAsync(settings.Kind, ct);
        var baseCurrency = await BaseCurrencyAsync(ct);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var rows = file.ReadRows().Take(take).ToList();
        var known = await CompaniesNamedAsync(settings, rows, ct);
        return rows.Select(row => ToPartyRow(row, settings, users, actor, seen, known, custom, baseCurrency)).ToList();
    }

    /// <summary>For a contact file: the id of each company named in the rows' company column (lower case), one query.</summary>
    private async Task<Dictionary<string, int>> CompaniesNamedAsync(LeadImportSettings settings, IReadOnlyList<ImportRow> rows, CancellationToken ct)
    {
        if (settings.Kind != ElementKind.Contact || settings.Mapping.ColumnOf(LeadImportField.CompanyName) is not { } column)
        {
            return [];
        }
        var names = rows.Select(r => r.Cells.ElementAtOrDefault(column)?.Trim().ToLowerInvariant()).Where(n => !string.IsNullOrEmpty(n)).Distinct().ToList();
        if (names.Count == 0)
        {
            return [];
        }
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var found = await db.Companies.AsNoTracking().Where(c => names.Contains(c.Name.ToLower())).Select(c => new { c.Id, c.Name }).ToListAsync(ct);
        return found.GroupBy(c => c.Name.ToLowerInvariant()).ToDictionary(g => g.Key, g => g.Min(c => c.Id));
    }

    /// <summary>
    /// A file row as the contact or company it becomes, with every problem: the row's own, a field the service refuses
    /// (a bad phone or e-mail, a required name empty), an unknown user or company, and an e-mail (or phone, when that is
    /// the key) an earlier row of the file already had, and a cell of a custom field's column that does not read as its
    /// value (the field's own rules, such as required, are checked when the batch is saved, as for leads).
    /// </summary>
    private PartyImportRow ToPartyRow(ImportRow row, LeadImportSettings settings, List<ImportUser> users, Actor actor, Dictionary<string, int> seen,
        Dictionary<string, int> companiesByName, CustomFieldSet custom, string baseCurrency)
    {
        if (row.ErrorKey is not null)
        {
            return new PartyImportRow(row.Number, row.Cells, null, null, [new FieldError("Row", row.ErrorKey, row.ErrorArgs ?? [])]);
        }
        var mapping = settings.Mapping;
        string? Cell(LeadImportField field) => mapping.ColumnOf(field) is { } i && i < row.Cells.Count && !string.IsNullOrWhiteSpace(row.Cells[i]) ? row.Cells[i].Trim() : null;
        var problems = new List<FieldError>();

        var phones = Split(Cell(LeadImportField.Phone)).Select(p => new PhoneInput(p, PhoneType.Work)).ToList();
        var emails = Split(Cell(LeadImportField.Email)).Select(e => new EmailInput(e)).ToList();
        var street = Cell(LeadImportField.Address);
        var city = Cell(LeadImportField.City);
        List<AddressInput> addresses = street is null && city is null ? [] : [new AddressInput { Type = AddressType.Office, Street = street, City = city }];

        var responsible = settings.ResponsibleUserId ?? actor.UserId;
        if (Cell(LeadImportField.Responsible) is { } who)
        {
            var user = users.FirstOrDefault(u => string.Equals(u.Email, who, StringComparison.OrdinalIgnoreCase))
                ?? users.FirstOrDefault(u => string.Equals(u.DisplayName, who, StringComparison.CurrentCultureIgnoreCase));
            if (user is null)
            {
                problems.Add(new FieldError(nameof(LeadImportField.Responsible), "Import.Row.UnknownUser", who));
            }
            else
            {
                responsible = user.Id;
            }
        }
        int? id = null;
        if (Cell(LeadImportField.Id) is { } idText)
        {
            if (int.TryParse(idText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsedId))
            {
                id = parsedId;
            }
            else
            {
                problems.Add(new FieldError(nameof(LeadImportField.Id), "Import.Row.BadId", idText));
            }
        }

        PartyInput input;
        List<FieldError> invalid;
        if (settings.Kind == ElementKind.Contact)
        {
            var first = Cell(LeadImportField.FirstName);
            var last = Cell(LeadImportField.LastName);
            if (Cell(LeadImportField.FullName) is { } full && first is null && last is null)
            {
                var space = full.LastIndexOf(' ');
                (first, last) = space > 0 ? (full[..space].Trim(), full[(space + 1)..]) : (full, null);
            }
            int? companyId = null;
            if (Cell(LeadImportField.CompanyName) is { } company)
            {
                if (companiesByName.TryGetValue(company.ToLowerInvariant(), out var found))
                {
                    companyId = found;
                }
                else
                {
                    problems.Add(new FieldError(nameof(LeadImportField.CompanyName), "Import.Row.UnknownCompany", company));
                }
            }
            var contact = new ContactInput
            {
                FirstName = first ?? "",
                LastName = last,
                Position = Cell(LeadImportField.Position),
                CompanyId = companyId,
                Phones = phones,
                Emails = emails,
                Addresses = addresses,
                ResponsibleUserId = responsible,
                Custom = CustomCells(row, settings, custom, baseCurrency, problems),
            };
            invalid = contacts.Validate(contact);
            input = contact;
        }
        else
        {
            var company = new CompanyInput
            {
                Name = Cell(LeadImportField.CompanyName) ?? "",
                Website = Cell(LeadImportField.Website),
                City = city,
                Phones = phones,
                Emails = emails,
                Addresses = addresses,
                ResponsibleUserId = responsible,
                Custom = CustomCells(row, settings, custom, baseCurrency, problems),
            };
            invalid = companies.Validate(company);
            input = company;
        }
        if (id is not null && settings.MatchOn == DuplicateKey.Id && settings.Rule != DuplicateRule.CreateAnyway)
        {
            // A row naming an existing record by id updates (or skips) it: its name may stay empty (the record keeps its
            // own); an id no record has fails the row at the run.
            invalid.RemoveAll(e => e.MessageKey == "Validation.Required" && e.Field is nameof(ContactInput.FirstName) or nameof(CompanyInput.Name));
        }
        foreach (var error in invalid)
        {
            // A field of the form (Phones[0], Emails[1], FirstName, Name ...) as the column it came from.
            var field = error.Field.StartsWith("Phones", StringComparison.Ordinal) ? nameof(LeadImportField.Phone)
                : error.Field.StartsWith("Emails", StringComparison.Ordinal) ? nameof(LeadImportField.Email)
                : error.Field.StartsWith("Addresses", StringComparison.Ordinal) ? nameof(LeadImportField.Address)
                : error.Field == nameof(CompanyInput.Name) ? nameof(LeadImportField.CompanyName)
                : error.Field;
            var value = error.Field.StartsWith("Phones[", StringComparison.Ordinal) ? phones[Index(error.Field)].Number
                : error.Field.StartsWith("Emails[", StringComparison.Ordinal) ? emails[Index(error.Field)].Address : null;
            problems.Add(value is null ? error with { Field = field } : new FieldError(field, error.MessageKey switch
            {
                "Validation.Phone" => "Import.Row.BadPhone",
                "Validation.Email" => "Import.Row.BadEmail",
                _ => error.MessageKey,
            }, [value, .. error.Args]));
        }
        if (problems.Count == 0)
        {
            var keys = (settings.MatchOn switch
            {
                DuplicateKey.Phone => phones.Select(p => "p:" + PhoneNumberFormat.Normalize(p.Number, Region)),
                DuplicateKey.CompanyName when settings.Kind == ElementKind.Company => [("c:" + ((CompanyInput)input).Name.Trim().ToLowerInvariant())],
                _ => emails.Select(e => "e:" + e.Address.Trim().ToLowerInvariant()),
            }).ToList();
            var keyField = settings.MatchOn switch
            {
                DuplicateKey.Phone => nameof(LeadImportField.Phone),
                DuplicateKey.CompanyName when settings.Kind == ElementKind.Company => nameof(LeadImportField.CompanyName),
                _ => nameof(LeadImportField.Email),
            };
            if (keys.FirstOrDefault(seen.ContainsKey) is { } again)
            {
                problems.Add(new FieldError(keyField, "Import.Row.SameInFile", again[2..], seen[again]));
            }
            else
            {
                keys.ForEach(key => seen[key] = row.Number);
            }
        }
        input = input with { Phones = phones.Select(p => p with { Number = PhoneNumberFormat.Normalize(p.Number, Region) ?? p.Number }).ToList() };
        return new PartyImportRow(row.Number, row.Cells, input, id, problems);
    }

    /// <summary>
    /// One batch of contacts or companies: duplicates looked up in one query, then creates, updates, skips and failures
    /// in one transaction. Custom values go through <paramref name="custom"/>'s rules as the form's do (a new record also
    /// gets the fields' defaults, and a required field left unmapped fails the row); an update keeps the values it
    /// replaced in the run's record, for undo.
    /// </summary>
    private async Task SavePartyBatchAsync(int runId, string fileName, List<PartyImportRow> rows, LeadImportSettings settings, Actor actor,
        CustomFieldSet custom, IReadOnlyList<string> currencies)
    {
        await using var db = await contextFactory.CreateDbContextAsync(actor, CancellationToken.None);
        var run = await db.ImportRuns.SingleAsync(r => r.Id == runId);
        var now = clock.GetUtcNow().UtcDateTime;
        var kind = settings.Kind;
        var valid = rows.Where(r => r.IsValid).ToList();
        var existing = settings.Rule == DuplicateRule.CreateAnyway ? new Dictionary<PartyImportRow, int>(ReferenceEqualityComparer.Instance) : await PartyMatchesAsync(db, valid, settings);
        // Only a run that updates reads its matches whole (a skipping run needs no more than the match).
        var ids = settings.Rule == DuplicateRule.Update ? existing.Values.Distinct().ToList() : [];
        Dictionary<int, Party> tracked = ids.Count == 0 ? [] : kind == ElementKind.Contact
            ? (await db.Contacts.Include(c => c.Phones).Include(c => c.Emails).Include(c => c.Addresses).Include(c => c.CustomValues).AsSplitQuery()
                .Where(c => ids.Contains(c.Id)).ToListAsync()).ToDictionary(c => c.Id, c => (Party)c)
            : (await db.Companies.Include(c => c.Phones).Include(c => c.Emails).Include(c => c.Addresses).Include(c => c.CustomValues).AsSplitQuery()
                .Where(c => ids.Contains(c.Id)).ToListAsync()).ToDictionary(c => c.Id, c => (Party)c);
        var created = new List<Party>();
        var updated = new List<(Party Party, string Before)>();
        var failures = new List<(PartyImportRow Row, IReadOnlyList<FieldError> Errors)>();
        run.RowsRead += rows.Count;
        foreach (var row in rows)
        {
            if (!row.IsValid)
            {
                failures.Add((row, row.Problems));
                continue;
            }
            var matched = existing.TryGetValue(row, out var id);
            if (matched && settings.Rule == DuplicateRule.Skip)
            {
                run.Skipped++;
                continue;
            }
            if (matched && tracked.TryGetValue(id, out var party))
            {
                if (updated.Any(u => u.Party.Id == id))
                {
                    run.Skipped++;
                    continue;
                }
                var held = custom.Read(CustomValuesOf(party));
                // The custom values the file fills, as they were (an empty one where there was none), for undo.
                var before = InputOf(party) with { Custom = row.Input!.Custom.Keys.ToDictionary(c => c, c => held.GetValueOrDefault(c) ?? CustomValue.Empty) };
                if (!AccessPolicy.MayImportRow(actor, AccessPolicy.EntityOf(kind), party.ResponsibleUserId, creates: false))
                {
                    failures.Add((row, [new FieldError("Row", "Import.Row.Forbidden", NameOf(before))]));
                    continue;
                }
                var merged = MergeParty(before, row.Input!, settings.Mapping);
                var errors = kind == ElementKind.Contact ? contacts.Validate((ContactInput)merged) : companies.Validate((CompanyInput)merged);
                if (custom.Fields.Count > 0 && row.Input!.Custom.Count > 0)
                {
                    errors.AddRange(await custom.ValidateAsync(db, row.Input.Custom, isNew: false, currencies, CancellationToken.None));
                }
                if (errors.Count > 0)
                {
                    failures.Add((row, errors));
                    continue;
                }
                ApplyParty(party, merged);
                ApplyCustom(custom, party, row.Input!.Custom, isNew: false);
                // Only its custom values (child rows) may have changed: its version must still move, so open forms notice.
                db.Entry(party).State = EntityState.Modified;
                updated.Add((party, JsonSerializer.Serialize(before, before.GetType(), Json)));
                continue;
            }
            if (row.ExistingId is not null && settings.MatchOn == DuplicateKey.Id && settings.Rule != DuplicateRule.CreateAnyway)
            {
                failures.Add((row, [new FieldError(nameof(LeadImportField.Id), "Import.Row.UnknownId", row.ExistingId)]));
                continue;
            }
            if (custom.Fields.Count > 0 && await custom.ValidateAsync(db, row.Input!.Custom, isNew: true, currencies, CancellationToken.None) is { Count: > 0 } invalid)
            {
                failures.Add((row, invalid));
                continue;
            }
            if (!AccessPolicy.MayImportRow(actor, AccessPolicy.EntityOf(kind), row.Input!.ResponsibleUserId ?? actor.UserId, creates: true))
            {
                failures.Add((row, [new FieldError("Row", "Import.Row.AddForbidden")]));
                continue;
            }
            Party added = kind == ElementKind.Contact ? new Contact { FirstName = "" } : new Company { Name = "" };
            added.ResponsibleUserId = row.Input!.ResponsibleUserId ?? actor.UserId;
            ApplyParty(added, row.Input);
            ApplyCustom(custom, added, row.Input.Custom, isNew: true);
            db.Add(added);
            created.Add(added);
        }
        run.Created += created.Count;
        run.Updated += updated.Count;
        run.Failed += failures.Count;
        run.Batches++;
        foreach (var (row, errors) in failures)
        {
            db.ImportRunFailures.Add(new ImportRunFailure
            {
                RunId = runId,
                RowNumber = row.Number,
                CellsJson = JsonSerializer.Serialize(row.Cells),
                ErrorsJson = JsonSerializer.Serialize(errors.Select(e => new StoredError(e.Field, e.MessageKey, e.Args.Select(a => Convert.ToString(a, CultureInfo.InvariantCulture) ?? "").ToArray()))),
            });
        }
        foreach (var (party, _) in updated)
        {
            TimelineLog.Add(db, new ElementRef(kind, party.Id), TimelineKind.Imported, actor.UserId, now, fileName, nameof(ImportRun), runId).Field = nameof(ImportRecordAction.Updated);
        }
        await live.SaveAndPublishAsync(db, () => Task.FromResult<IReadOnlyList<CrmEvent>>([Progress(run, actor, created.Count + updated.Count)]), CancellationToken.None, afterKeys: () =>
        {
            foreach (var party in created)
            {
                db.ImportRunRecords.Add(new ImportRunRecord { RunId = runId, ElementKind = kind, ElementId = party.Id, Action = ImportRecordAction.Created, VersionAfter = party.Version });
                TimelineLog.Add(db, new ElementRef(kind, party.Id), TimelineKind.Imported, actor.UserId, now, fileName, nameof(ImportRun), runId).Field = nameof(ImportRecordAction.Created);
            }
            foreach (var (party, before) in updated)
            {
                db.ImportRunRecords.Add(new ImportRunRecord { RunId = runId, ElementKind = kind, ElementId = party.Id, Action = ImportRecordAction.Updated, VersionAfter = party.Version, BeforeJson = before });
            }
        });
    }

    private void ApplyParty(Party party, PartyInput input)
    {
        party.ResponsibleUserId = input.ResponsibleUserId ?? party.ResponsibleUserId;
        switch (party)
        {
            case Contact contact:
                contacts.Apply(contact, (ContactInput)input);
                break;
            case Company company:
                companies.Apply(company, (CompanyInput)input);
                break;
        }
    }

    /// <summary>Writes custom <paramref name="values"/> into a contact's or company's value rows (see <see cref="CustomFieldSet.Apply"/>).</summary>
    private static void ApplyCustom(CustomFieldSet fields, Party party, IReadOnlyDictionary<string, CustomValue> values, bool isNew)
    {
        switch (party)
        {
            case Contact contact:
                fields.Apply(contact.CustomValues, values, isNew);
                break;
            case Company company:
                fields.Apply(company.CustomValues, values, isNew);
                break;
        }
    }

    private static IEnumerable<CustomFieldValue> CustomValuesOf(Party party) => party switch
    {
        Contact contact => contact.CustomValues,
        Company company => company.CustomValues,
        _ => [],
    };

    /// <summary>A tracked contact or company (with its phones, e-mails and addresses) as its input, to merge into and to restore on undo.</summary>
    private static PartyInput InputOf(Party party)
    {
        switch (party)
        {
            case Contact c:
            {
                var points = PartyContactPoints.Of(c.Phones, c.Emails, c.Addresses);
                return new ContactInput { FirstName = c.FirstName, LastName = c.LastName, Position = c.Position, CompanyId = c.CompanyId, Phones = points.Phones, Emails = points.Emails, Addresses = points.Addresses, ResponsibleUserId = c.ResponsibleUserId };
            }
            case Company c:
            {
                var points = PartyContactPoints.Of(c.Phones, c.Emails, c.Addresses);
                return new CompanyInput { Name = c.Name, Website = c.Website, City = c.City, Phones = points.Phones, Emails = points.Emails, Addresses = points.Addresses, ResponsibleUserId = c.ResponsibleUserId };
            }
            default:
                throw new ArgumentException("A contact or a company", nameof(party));
        }
    }

    private static string NameOf(PartyInput input) => input switch
    {
        ContactInput c => string.Join(' ', new[] { c.FirstName, c.LastName }.Where(n => !string.IsNullOrEmpty(n))),
        CompanyInput c => c.Name,
        _ => "",
    };

    /// <summary>An existing contact or company with the file's values over it: each mapped field the row fills replaces; phones, e-mails and addresses add.</summary>
    private static PartyInput MergeParty(PartyInput existing, PartyInput imported, LeadImportMapping mapping)
    {
        bool Mapped(params LeadImportField[] fields) => fields.Any(f => mapping.ColumnOf(f) is not null);
        static string? Pick(string? value, string? current) => string.IsNullOrWhiteSpace(value) ? current : value;
        var phones = existing.Phones.Concat(imported.Phones.Where(p => existing.Phones.All(e => e.Number != p.Number))).ToList();
        var emails = existing.Emails.Concat(imported.Emails.Where(m => existing.Emails.All(e => !string.Equals(e.Address, m.Address, StringComparison.OrdinalIgnoreCase)))).ToList();
        var addresses = existing.Addresses.Concat(imported.Addresses.Where(a => !existing.Addresses.Contains(a))).ToList();
        var responsible = Mapped(LeadImportField.Responsible) ? imported.ResponsibleUserId ?? existing.ResponsibleUserId : existing.ResponsibleUserId;
        return (existing, imported) switch
        {
            (ContactInput e, ContactInput i) => e with
            {
                FirstName = Mapped(LeadImportField.FirstName, LeadImportField.FullName) ? Pick(i.FirstName, e.FirstName)! : e.FirstName,
                LastName = Mapped(LeadImportField.LastName, LeadImportField.FullName) ? Pick(i.LastName, e.LastName) : e.LastName,
                Position = Pick(i.Position, e.Position),
                CompanyId = i.CompanyId ?? e.CompanyId,
                Phones = phones,
                Emails = emails,
                Addresses = addresses,
                ResponsibleUserId = responsible,
            },
            (CompanyInput e, CompanyInput i) => e with
            {
                Name = Pick(i.Name, e.Name)!,
                Website = Pick(i.Website, e.Website),
                City = Pick(i.City, e.City),
                Phones = phones,
                Emails = emails,
                Addresses = addresses,
                ResponsibleUserId = responsible,
            },
            _ => throw new ArgumentException("Inputs of the same kind", nameof(imported)),
        };
    }

    /// <summary>The existing contact or company each row is the same as, by the run's key: one query for the whole batch.</summary>
    private static async Task<Dictionary<PartyImportRow, int>> PartyMatchesAsync(CrmDbContext db, List<PartyImportRow> rows, LeadImportSettings settings)
    {
        var result = new Dictionary<PartyImportRow, int>(ReferenceEqualityComparer.Instance);
        var contact = settings.Kind == ElementKind.Contact;
        Dictionary<string, int> index;
        Func<PartyImportRow, IEnumerable<string>> keysOf;
        switch (settings.MatchOn)
        {
            case DuplicateKey.Email:
            {
                var emails = rows.SelectMany(r => r.Input!.Emails.Select(e => e.Address.Trim().ToLowerInvariant())).Distinct().ToList();
                var found = contact
                    ? await db.Set<ContactEmail>().Where(e => emails.Contains(e.Address)).Join(db.Contacts, e => e.ContactId, c => c.Id, (e, c) => new { Key = e.Address, c.Id }).ToListAsync()
                    : await db.Set<CompanyEmail>().Where(e => emails.Contains(e.Address)).Join(db.Companies, e => e.CompanyId, c => c.Id, (e, c) => new { Key = e.Address, c.Id }).ToListAsync();
                index = found.GroupBy(f => f.Key).ToDictionary(g => g.Key, g => g.Min(f => f.Id));
                keysOf = r => r.Input!.Emails.Select(e => e.Address.Trim().ToLowerInvariant());
                break;
            }
            case DuplicateKey.Phone:
            {
                var phones = rows.SelectMany(r => r.Input!.Phones.Select(p => p.Number)).Distinct().ToList();
                var found = contact
                    ? await db.Set<ContactPhone>().Where(p => phones.Contains(p.Number)).Join(db.Contacts, p => p.ContactId, c => c.Id, (p, c) => new { Key = p.Number, c.Id }).ToListAsync()
                    : await db.Set<CompanyPhone>().Where(p => phones.Contains(p.Number)).Join(db.Companies, p => p.CompanyId, c => c.Id, (p, c) => new { Key = p.Number, c.Id }).ToListAsync();
                index = found.GroupBy(f => f.Key).ToDictionary(g => g.Key, g => g.Min(f => f.Id));
                keysOf = r => r.Input!.Phones.Select(p => p.Number);
                break;
            }
            case DuplicateKey.CompanyName when !contact:
            {
                var names = rows.Select(r => ((CompanyInput)r.Input!).Name.Trim().ToLowerInvariant()).Distinct().ToList();
                var found = await db.Companies.Where(c => names.Contains(c.Name.ToLower())).Select(c => new { c.Name, c.Id }).ToListAsync();
                index = found.GroupBy(f => f.Name.ToLowerInvariant()).ToDictionary(g => g.Key, g => g.Min(f => f.Id));
                keysOf = r => [((CompanyInput)r.Input!).Name.Trim().ToLowerInvariant()];
                break;
            }
            case DuplicateKey.Id:
            {
                var ids = rows.Select(r => r.ExistingId).OfType<int>().Distinct().ToList();
                var found = contact
                    ? await db.Contacts.Where(c => ids.Contains(c.Id)).Select(c => c.Id).ToListAsync()
                    : await db.Companies.Where(c => ids.Contains(c.Id)).Select(c => c.Id).ToListAsync();
                index = found.ToDictionary(i => i.ToString(CultureInfo.InvariantCulture));
                keysOf = r => r.ExistingId is { } i ? [i.ToString(CultureInfo.InvariantCulture)] : [];
                break;
            }
            default:
                return result;
        }
        foreach (var row in rows)
        {
            if (keysOf(row).Select(k => index.GetValueOrDefault(k)).FirstOrDefault(i => i != 0) is var id and not 0)
            {
                result[row] = id;
            }
        }
        return result;
    }

    /// <summary>
    /// Takes a contact or company run back in one transaction: deletes what it created, restores what it updated.
    /// Refuses (listing them, changing nothing) when any was changed since, or a created one got activities, deals or
    /// (a company) contacts from elsewhere.
    /// </summary>
    private async Task<Result<ImportUndoOutcome>> UndoPartiesAsync(CrmDbContext db, ImportRun run, Actor actor, CancellationToken ct)
    {
        var kind = run.Kind;
        var records = await db.ImportRunRecords.Where(r => r.RunId == run.Id && r.ElementKind == kind).ToListAsync(ct);
        var ids = records.Select(r => r.ElementId).ToList();
        var createdIds = records.Where(r => r.Action == ImportRecordAction.Created).Select(r => r.ElementId).ToHashSet();
        var found = new Dictionary<int, Party>();
        var inUse = new HashSet<int>();
        foreach (var chunk in ids.Chunk(1000))
        {
            var parties = kind == ElementKind.Contact
                ? (await db.Contacts.Include(c => c.Phones).Include(c => c.Emails).Include(c => c.Addresses).Include(c => c.CustomValues).AsSplitQuery()
                    .Where(c => chunk.Contains(c.Id)).ToListAsync(ct)).Cast<Party>()
                : (await db.Companies.Include(c => c.Phones).Include(c => c.Emails).Include(c => c.Addresses).Include(c => c.CustomValues).AsSplitQuery()
                    .Where(c => chunk.Contains(c.Id)).ToListAsync(ct)).Cast<Party>();
            foreach (var party in parties)
            {
                found[party.Id] = party;
            }
            inUse.UnionWith(await db.Activities.Where(a => a.ElementKind == kind && chunk.Contains(a.ElementId)).Select(a => a.ElementId).ToListAsync(ct));
            if (kind == ElementKind.Contact)
            {
                inUse.UnionWith(await db.Deals.Where(d => d.ContactId != null && chunk.Contains(d.ContactId.Value)).Select(d => d.ContactId!.Value).ToListAsync(ct));
            }
            else
            {
                inUse.UnionWith(await db.Deals.Where(d => d.CompanyId != null && chunk.Contains(d.CompanyId.Value)).Select(d => d.CompanyId!.Value).ToListAsync(ct));
                inUse.UnionWith(await db.Contacts.Where(c => c.CompanyId != null && chunk.Contains(c.CompanyId.Value)).Select(c => c.CompanyId!.Value).ToListAsync(ct));
            }
        }
        var changed = records
            .Where(r => found.TryGetValue(r.ElementId, out var party) && (party.Version != r.VersionAfter || (r.Action == ImportRecordAction.Created && inUse.Contains(party.Id))))
            .Select(r => new Lookup(r.ElementId, NameOf(InputOf(found[r.ElementId])))).ToList();
        if (changed.Count > 0)
        {
            return Result<ImportUndoOutcome>.Conflict(new ImportUndoOutcome(0, 0, changed), "Import.ChangedSince", changed.Count);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        int removed = 0, restored = 0;
        CustomFieldSet? customFields = null;
        foreach (var record in records)
        {
            if (!found.TryGetValue(record.ElementId, out var party))
            {
                continue; // deleted since: nothing to take back
            }
            if (record.Action == ImportRecordAction.Created)
            {
                db.Remove(party);
                removed++;
            }
            else if (record.BeforeJson is { } json
                && JsonSerializer.Deserialize(json, kind == ElementKind.Contact ? typeof(ContactInput) : typeof(CompanyInput), Json) is PartyInput before)
            {
                ApplyParty(party, before);
                if (before.Custom.Count > 0)
                {
                    ApplyCustom(customFields ??= await CustomFieldSet.LoadAsync(db, kind, ct), party, before.Custom, isNew: false);
                }
                TimelineLog.Add(db, new ElementRef(kind, party.Id), TimelineKind.Imported, actor.UserId, now, run.FileName, nameof(ImportRun), run.Id).Field = "Undone";
                restored++;
            }
        }
        foreach (var chunk in createdIds.Chunk(1000))
        {
            db.TimelineEntries.RemoveRange(await db.TimelineEntries.Where(e => e.ElementKind == kind && chunk.Contains(e.ElementId)).ToListAsync(ct));
        }
        run.State = ImportRunState.Undone;
        run.UndoneAt = now;
        if (!await live.SaveAndPublishAsync(db, () => Progress(run, actor, removed + restored), ct))
        {
            return Result<ImportUndoOutcome>.Conflict(null, "Import.ChangedSince", 0);
        }
        return Result<ImportUndoOutcome>.Ok(new ImportUndoOutcome(removed, restored, []));
    }
}
