using System.Linq.Expressions;
using Microsoft.Extensions.Options;

namespace CrmBlazor.Core.Parties;

/// <summary>
/// What contacts and companies have in common: a searchable, filtered, paged list, a picker's search, a page with all
/// their data, and a validated form whose save writes the timeline (created, or each changed field), commits, and
/// publishes one <see cref="ElementChanged"/>, or says another user saved first. A subclass says only what differs:
/// its fields, its child rows, its search columns and its row.
/// </summary>
public abstract class PartyService<TParty, TInput, TQuery, TRow, TDetails>(
    IDbContextFactory<CrmDbContext> contextFactory, ILiveUpdates live, TimeProvider clock, IOptions<CrmOptions> options)
    where TParty : Party
    where TInput : PartyInput
    where TQuery : PartyQuery, new()
    where TRow : class
    where TDetails : class
{
    protected string Region => options.Value.DefaultPhoneRegion;

    protected abstract ElementKind Kind { get; }

    /// <summary>A page of the list searched for <paramref name="search"/>, with no other filter.</summary>
    public Task<Page<TRow>> ListAsync(string? search, int skip, int take, CancellationToken ct = default) =>
        ListAsync(new TQuery { Search = search, Skip = skip, Take = take }, ct);

    /// <summary>A new, empty party (its required fields blank until <see cref="Apply"/>).</summary>
    protected abstract TParty NewParty();

    /// <summary>The parties with their phones, e-mails and addresses (and whatever else the page shows).</summary>
    protected abstract IQueryable<TParty> WithDetails(IQueryable<TParty> parties);

    /// <summary>The parties whose names (or other text columns) match <paramref name="pattern"/> (a <see cref="TextSearch"/> pattern).</summary>
    protected abstract Expression<Func<TParty, bool>> NameMatches(string pattern);

    /// <summary>The parties a list search finds: by name, e-mail, or a normalized <paramref name="phone"/>.</summary>
    protected abstract IQueryable<TParty> Matching(IQueryable<TParty> parties, string pattern, string? phone);

    /// <summary>The parties with an address (or a home town) in a city matching <paramref name="pattern"/>.</summary>
    protected abstract IQueryable<TParty> InCity(IQueryable<TParty> parties, string pattern);

    /// <summary>The filters only this kind of party has.</summary>
    protected virtual IQueryable<TParty> Filtered(IQueryable<TParty> parties, TQuery query) => parties;

    protected abstract IOrderedQueryable<TParty> Ordered(IQueryable<TParty> parties);

    protected abstract Expression<Func<TParty, Lookup>> ToLookup { get; }

    protected abstract IQueryable<TRow> Rows(CrmDbContext db, IQueryable<TParty> parties);

    private protected abstract int IdOf(TRow row);

    /// <summary>The row with the text of its custom-field columns, by code.</summary>
    private protected abstract TRow WithCustom(TRow row, IReadOnlyDictionary<string, string> custom);

    /// <summary>The page's view of <paramref name="party"/>; <paramref name="custom"/> are its custom values by code, for its input.</summary>
    protected abstract Task<TDetails> DetailsAsync(CrmDbContext db, TParty party, string? responsibleName, IReadOnlyDictionary<string, CustomValue> custom, CancellationToken ct);

    /// <summary>The party's custom value rows (loaded by <see cref="WithDetails"/>).</summary>
    private protected abstract IEnumerable<CustomFieldValue> CustomValuesOf(TParty party);

    /// <summary>Writes custom <paramref name="values"/> into the party's value rows (see <see cref="CustomFieldSet.Apply"/>).</summary>
    private protected abstract FieldChange[] ApplyCustom(CustomFieldSet fields, TParty party, IReadOnlyDictionary<string, CustomValue>? values, bool isNew);

    /// <summary>The fields the timeline follows, as people read them (values in <see cref="FieldChange.Old"/>).</summary>
    private protected abstract Task<FieldChange[]> ShownAsync(CrmDbContext db, TParty party, CancellationToken ct);

    /// <summary>This kind's own fields' errors, each named <paramref name="prefix"/> + the input's property.</summary>
    private protected abstract void ValidateFields(Validator v, TInput input, string prefix);

    /// <summary>Errors about other rows the input names (they may have been deleted).</summary>
    protected virtual Task ValidateReferencesAsync(CrmDbContext db, TInput input, List<FieldError> errors, CancellationToken ct) => Task.CompletedTask;

    /// <summary>This kind's own fields and child rows from the input and its normalized contact points.</summary>
    protected abstract void ApplyFields(TParty party, TInput input, PartyContactPoints points);

    public Task<Page<TRow>> ListAsync(TQuery query, CancellationToken ct = default) => ListAsync(query, actor: null, ct);

    /// <summary>The list as <paramref name="actor"/>'s role reads it (filtered in SQL; null: all).</summary>
    public async Task<Page<TRow>> ListAsync(TQuery query, Actor? actor, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var parties = Listed(db, query, actor);
        var total = await parties.CountAsync(ct);
        var items = await Rows(db, Sorted(db, parties, query).Skip(Math.Max(0, query.Skip)).Take(Math.Clamp(query.Take, 1, 200))).ToListAsync(ct);
        var values = await (await CustomFieldSet.LoadAsync(db, Kind, ct)).ColumnValuesAsync(db, [.. items.Select(IdOf)], query.Columns, ct, CrmTime.FindZone(options.Value.TimeZone));
        return new Page<TRow>([.. items.Select(r => values.TryGetValue(IdOf(r), out var custom) ? WithCustom(r, custom) : r)], total);
    }

    /// <summary>
    /// The API's list: the parties of <paramref name="query"/>'s filters (<see cref="PartyQuery.Skip"/> and
    /// <see cref="PartyQuery.Take"/> aside) as <paramref name="actor"/>'s role reads them, ordered by
    /// <paramref name="sort"/> and then the id, one keyset page (<see cref="Keyset"/>): stable under ties and while
    /// parties are added. The page's ids are found first, then their rows (with custom values) are read.
    /// </summary>
    /// <exception cref="KeysetCursorException">The cursor is not one of this sort and direction.</exception>
    public async Task<KeysetPage<TRow>> ListAsync(TQuery query, PartySort sort, bool descending, KeysetRequest page, Actor? actor, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var parties = Listed(db, query, actor);
        var name = sort.ToString();
        var ids = sort switch
        {
            PartySort.Name => await Keyset.PageAsync(parties, name, descending, NameKey, p => p.Id, p => p.Id, page, ct),
            PartySort.CreatedAt => await Keyset.PageAsync(parties, name, descending, p => p.CreatedAt, p => p.Id, p => p.Id, page, ct),
            PartySort.UpdatedAt => await Keyset.PageAsync(parties, name, descending, p => p.UpdatedAt, p => p.Id, p => p.Id, page, ct),
            _ => await Keyset.PageAsync(parties, name, descending, p => p.Id, p => p.Id, p => p.Id, page, ct),
        };
        var wanted = ids.Items.ToList();
        var rows = (await Rows(db, db.Set<TParty>().AsNoTracking().Where(p => wanted.Contains(p.Id))).ToListAsync(ct)).ToDictionary(IdOf);
        var values = await (await CustomFieldSet.LoadAsync(db, Kind, ct)).ColumnValuesAsync(db, wanted, query.Columns, ct, CrmTime.FindZone(options.Value.TimeZone));
        var items = wanted.Where(rows.ContainsKey).Select(id => values.TryGetValue(id, out var custom) ? WithCustom(rows[id], custom) : rows[id]).ToList();
        return new KeysetPage<TRow>(items, ids.NextCursor, ids.Total);
    }

    /// <summary>The key the list's "Name" order sorts by (a non-null text, as SQL).</summary>
    protected abstract Expression<Func<TParty, string>> NameKey { get; }

    /// <summary>
    /// Every party of <paramref name="query"/> (its filters and order, no paging) in the list's rows, read as they are
    /// written out: the export. The same query as <see cref="ListAsync(TQuery, Actor?, CancellationToken)"/>.
    /// </summary>
    public async IAsyncEnumerable<TRow> StreamAsync(TQuery query, Actor actor, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        // What the list shows, narrowed to what the role may export (decision 011).
        var exportable = AccessPolicy.Within(Listed(db, query, actor), actor, AccessPolicy.ScopeOf(actor, Entity, AccessAction.Export));
        await foreach (var row in Rows(db, Ordered(exportable)).AsAsyncEnumerable().WithCancellation(ct))
        {
            yield return row;
        }
    }

    /// <summary>
    /// A list column's sort key (<see cref="PartyQuery.SortBy"/>) as text, or null for a column this kind has not; the
    /// columns every party has are here, a kind adds its own.
    /// </summary>
    protected virtual Expression<Func<TParty, string?>>? SortKey(CrmDbContext db, string column) => column switch
    {
        "email" => p => p.Email,
        "phone" => p => p.Phone,
        "responsible" => p => db.Users.Where(u => u.Id == p.ResponsibleUserId).Select(u => u.DisplayName).FirstOrDefault(),
        _ => null,
    };

    /// <summary>The list in the order asked for: case-insensitive, blanks last either way (alike on both providers), the id last so pages never overlap.</summary>
    private IOrderedQueryable<TParty> Sorted(CrmDbContext db, IQueryable<TParty> parties, TQuery query)
    {
        if (query.SortBy is not { } column || SortKey(db, column) is not { } key)
        {
            return Ordered(parties);
        }
        var blank = Expression.Lambda<Func<TParty, bool>>(Expression.Equal(key.Body, Expression.Constant(null, typeof(string))), key.Parameters);
        var lower = Expression.Lambda<Func<TParty, string?>>(Expression.Call(key.Body, typeof(string).GetMethod(nameof(string.ToLower), Type.EmptyTypes)!), key.Parameters);
        var ordered = parties.OrderBy(blank);
        ordered = query.Descending ? ordered.ThenByDescending(lower) : ordered.ThenBy(lower);
        return query.Descending ? ordered.ThenByDescending(p => p.Id) : ordered.ThenBy(p => p.Id);
    }

    /// <summary>The parties a list query finds (search and filters) among those <paramref name="actor"/>'s role reads (null: all), unordered.</summary>
    private IQueryable<TParty> Listed(CrmDbContext db, TQuery query, Actor? actor)
    {
        var parties = Readable(db, actor);
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var text = query.Search.Trim();
            var phone = text.Any(char.IsLetter) ? null : PhoneNumberFormat.Normalize(text, Region);
            parties = Matching(parties, TextSearch.Contains(text), phone);
        }
        if (!string.IsNullOrEmpty(query.ResponsibleUserId))
        {
            parties = parties.Where(p => p.ResponsibleUserId == query.ResponsibleUserId);
        }
        if (!string.IsNullOrWhiteSpace(query.City))
        {
            parties = InCity(parties, TextSearch.Contains(query.City));
        }
        if (query.Custom.Count > 0)
        {
            var fields = CustomFieldSet.ForFilters(Kind);
            foreach (var filter in query.Custom)
            {
                var matching = fields.MatchingIds(db, filter);
                parties = filter.Excludes ? parties.Where(p => !matching.Contains(p.Id)) : parties.Where(p => matching.Contains(p.Id));
            }
        }
        return Filtered(parties, query);
    }

    /// <summary>A picker's search: parties whose name contains <paramref name="text"/>, in list order.</summary>
    public Task<IReadOnlyList<Lookup>> SearchAsync(string? text, int take = 20, CancellationToken ct = default) => SearchAsync(text, actor: null, take, ct);

    /// <summary>A picker's search over the parties <paramref name="actor"/>'s role reads.</summary>
    public Task<IReadOnlyList<Lookup>> SearchAsync(string? text, Actor? actor, int take = 20, CancellationToken ct = default) =>
        SearchWithinAsync(text, within: null, actor, take, ct);

    /// <summary>A picker's search narrowed by <paramref name="within"/>'s filters (a deal's contacts within its company).</summary>
    public async Task<IReadOnlyList<Lookup>> SearchWithinAsync(string? text, TQuery? within, Actor? actor = null, int take = 20, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var parties = Readable(db, actor);
        if (within is not null)
        {
            parties = Filtered(parties, within);
        }
        if (!string.IsNullOrWhiteSpace(text))
        {
            parties = parties.Where(NameMatches(TextSearch.Contains(text)));
        }
        return await Ordered(parties).Take(take).Select(ToLookup).ToListAsync(ct);
    }

    /// <summary>Which kind of record this service keeps, for the access policy.</summary>
    protected abstract AccessEntity Entity { get; }

    private IQueryable<TParty> Readable(CrmDbContext db, Actor? actor) =>
        actor is null ? db.Set<TParty>().AsNoTracking() : AccessPolicy.Readable(db.Set<TParty>().AsNoTracking(), actor, Entity);

    public async Task<TDetails?> GetAsync(int id, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var party = await WithDetails(db.Set<TParty>().AsNoTracking().AsSplitQuery()).FirstOrDefaultAsync(p => p.Id == id, ct);
        if (party is null)
        {
            return null;
        }
        var responsible = party.ResponsibleUserId is null ? null
            : await db.Users.Where(u => u.Id == party.ResponsibleUserId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct);
        var fields = await CustomFieldSet.LoadAsync(db, Kind, ct);
        return await DetailsAsync(db, party, responsible, fields.Read(CustomValuesOf(party)), ct);
    }

    /// <summary>Adds (<paramref name="id"/> null) or changes a party; a stale <paramref name="expectedVersion"/> is a conflict.</summary>
    public async Task<Result<TRow>> SaveAsync(int? id, int expectedVersion, TInput input, Actor actor, CancellationToken ct = default)
    {
        var errors = Validate(input);
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        await ValidateReferencesAsync(db, input, errors, ct);
        var fields = await CustomFieldSet.LoadAsync(db, Kind, ct);
        errors.AddRange(await fields.ValidateAsync(db, input.Custom, isNew: id is null, await CurrencyService.CodesAsync(db, options.Value.Currencies, isNew: id is null, ct), ct));
        if (!string.IsNullOrEmpty(input.ResponsibleUserId) && !await db.Users.AnyAsync(u => u.Id == input.ResponsibleUserId, ct))
        {
            errors.Add(new FieldError(nameof(PartyInput.ResponsibleUserId), "Validation.NoLongerExists"));
        }
        if (errors.Count > 0)
        {
            return Result<TRow>.Invalid(errors);
        }

        TParty? party;
        if (id is null)
        {
            // The role's add scope must reach the user the new party gets (the actor when none is chosen).
            if (AccessPolicy.WhyMayNotAdd(actor, Entity, string.IsNullOrEmpty(input.ResponsibleUserId) ? actor.UserId : input.ResponsibleUserId) is { } refused)
            {
                return Result<TRow>.Forbidden(refused);
            }
            party = NewParty();
            party.ResponsibleUserId = actor.UserId;
            db.Set<TParty>().Add(party);
        }
        else
        {
            party = await WithDetails(db.Set<TParty>().AsSplitQuery()).FirstOrDefaultAsync(p => p.Id == id, ct);
            if (party is null)
            {
                return Result<TRow>.NotFound();
            }
            if (!AccessPolicy.May(actor, Entity, AccessAction.Edit, party.ResponsibleUserId))
            {
                return Result<TRow>.Forbidden();
            }
            if (party.Version != expectedVersion)
            {
                return Result<TRow>.Conflict(null, "Error.EditConflict");
            }
        }
        var isNew = party.Id == 0;
        var before = await ShownAsync(db, party, ct);
        var ownerBefore = party.ResponsibleUserId;
        Apply(party, input);
        if (!string.IsNullOrEmpty(input.ResponsibleUserId))
        {
            party.ResponsibleUserId = input.ResponsibleUserId;
        }
        // Only the child rows may have changed: the party's version must still move, so others' forms notice.
        db.Entry(party).State = isNew ? EntityState.Added : EntityState.Modified;
        var customChanges = ApplyCustom(fields, party, input.Custom, isNew);
        var after = await ShownAsync(db, party, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        if (isNew)
        {
            TimelineLog.Created(db, party, Kind, actor.UserId, now);
        }
        else
        {
            TimelineLog.Changes(db, new ElementRef(Kind, party.Id), actor.UserId, now, [.. before.Zip(after, (b, a) => b with { New = a.Old }), .. customChanges]);
        }
        var saved = await live.SaveAndPublishAsync(db, () => new ElementChanged
        {
            Element = new ElementRef(Kind, party.Id),
            Created = isNew,
            Version = party.Version,
            ResponsibleUserId = party.ResponsibleUserId,
            PreviousResponsibleUserId = isNew || ownerBefore == party.ResponsibleUserId ? null : ownerBefore,
            ActorId = actor.UserId,
            ActorName = actor.DisplayName,
            OccurredAt = now,
        }, ct);
        if (!saved)
        {
            return Result<TRow>.Conflict(null, "Error.EditConflict");
        }
        return Result<TRow>.Ok(await Rows(db, db.Set<TParty>().AsNoTracking().Where(p => p.Id == party.Id)).SingleAsync(ct));
    }

    /// <summary>The field errors of <paramref name="input"/>, each named <paramref name="prefix"/> + the input's property.</summary>
    public List<FieldError> Validate(TInput input, string prefix = "")
    {
        var v = new Validator()
            .Email(prefix + nameof(PartyInput.Email), input.Email).MaxLength(prefix + nameof(PartyInput.Email), input.Email, 254)
            .Phone(prefix + nameof(PartyInput.Phone), input.Phone, Region);
        ValidateFields(v, input, prefix);
        ContactPoints.Validate(v, prefix, input.Phones, input.Emails, input.Addresses, Region);
        return [.. v.Errors];
    }

    /// <summary>Writes a valid <paramref name="input"/> into <paramref name="party"/>: its fields and its phones, e-mails and addresses.</summary>
    public void Apply(TParty party, TInput input)
    {
        var phones = ContactPoints.NormalizePhones(Prepend(input.Phone, input.Phones, p => new PhoneInput(p)), Region);
        var emails = ContactPoints.NormalizeEmails(Prepend(input.Email, input.Emails, e => new EmailInput(e)));
        party.Phone = phones.FirstOrDefault()?.Number;
        party.Email = emails.FirstOrDefault()?.Address;
        ApplyFields(party, input, new PartyContactPoints(phones, emails, ContactPoints.NormalizeAddresses(input.Addresses)));
    }

    /// <summary>
    /// The errors of <paramref name="input"/>'s custom values for a new party, each named <paramref name="prefix"/> +
    /// the field's code (for a use case that creates it inside its own transaction, with <see cref="AddNew"/>).
    /// </summary>
    public async Task<List<FieldError>> ValidateCustomAsync(CrmDbContext db, CustomFieldSet fields, TInput input, string prefix, CancellationToken ct) =>
        await fields.ValidateAsync(db, input.Custom, isNew: true, await CurrencyService.CodesAsync(db, options.Value.Currencies, isNew: true, ct), ct, prefix);

    /// <summary>
    /// A new party from a valid <paramref name="input"/>, added to <paramref name="db"/> with its "created" timeline
    /// entry, for a use case that creates it inside its own transaction (the lead conversion, <paramref name="from"/>).
    /// <paramref name="fields"/> (this kind's custom fields) writes its custom values; without it they are left out.
    /// </summary>
    public TParty AddNew(CrmDbContext db, TInput input, string responsibleUserId, Actor actor, DateTime now, string? text = null, ElementRef? from = null,
        CustomFieldSet? fields = null)
    {
        var party = NewParty();
        party.ResponsibleUserId = responsibleUserId;
        Apply(party, input);
        if (fields is not null)
        {
            ApplyCustom(fields, party, input.Custom, isNew: true);
        }
        db.Set<TParty>().Add(party);
        TimelineLog.Created(db, party, Kind, actor.UserId, now, text, from);
        return party;
    }

    protected static async Task<string?> UserNameAsync(CrmDbContext db, string? userId, CancellationToken ct) =>
        userId is null ? null : await db.Users.Where(u => u.Id == userId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct);

    private static IEnumerable<T> Prepend<T>(string? first, IEnumerable<T> rest, Func<string, T> make) =>
        string.IsNullOrWhiteSpace(first) ? rest : rest.Prepend(make(first));
}
