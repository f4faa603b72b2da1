using System.Globalization;
using Microsoft.Extensions.Options;

namespace CrmBlazor.Core.Currencies;

/// <summary>
/// The currencies and their exchange rates (Settings &gt; Currencies, admins): add, change and deactivate
/// currencies, choose the base one, type, change, delete and import rates. Every change ends in one
/// <c>SaveAndPublishAsync</c> with <see cref="CurrenciesChanged"/>, which every open board, funnel, report and form
/// hears. A database whose currencies were never set up works with <c>Crm:Currencies</c> (the first is the base)
/// until start-up or the first change in Settings writes them. Decision 029.
/// </summary>
public sealed class CurrencyService(IDbContextFactory<CrmDbContext> contextFactory, ILiveUpdates live, IOptions<CrmOptions> options, CrmTime time, TimeProvider clock)
{
    /// <summary>Today in the team's time zone: the day today's rates are read for.</summary>
    public DateOnly Today => DateOnly.FromDateTime(time.ToLocal(time.UtcNow));

    /// <summary>The currencies with today's rates (everyone reads them).</summary>
    public async Task<CurrencyRates> RatesAsync(CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        return await LoadAsync(db, Today, options.Value.Currencies, ct);
    }

    /// <summary>The base currency's code: what a new deal, lead or product starts in (the first configured one until Settings has currencies).</summary>
    public async Task<string> BaseCodeAsync(CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        return await BaseCodeAsync(db, options.Value.Currencies, ct);
    }

    /// <summary>The base currency's code read in <paramref name="db"/>; the first of <paramref name="configured"/> when the settings are empty.</summary>
    public static async Task<string> BaseCodeAsync(CrmDbContext db, IReadOnlyList<string> configured, CancellationToken ct) =>
        await db.Currencies.AsNoTracking().Where(c => c.IsBase).Select(c => c.Code).FirstOrDefaultAsync(ct)
        ?? (configured.Count > 0 ? configured[0] : "PLN");

    /// <summary>The codes new records may use (active currencies and the base one).</summary>
    public async Task<IReadOnlyList<string>> ActiveCodesAsync(CancellationToken ct = default) => (await RatesAsync(ct)).ActiveCodes;

    /// <summary>The currencies with their rates on <paramref name="day"/>, read in <paramref name="db"/> (a use case's own context).</summary>
    public static async Task<CurrencyRates> LoadAsync(CrmDbContext db, DateOnly day, IReadOnlyList<string> configured, CancellationToken ct)
    {
        var currencies = await db.Currencies.AsNoTracking().OrderBy(c => c.Sort).ThenBy(c => c.Id)
            .Select(c => new
            {
                c.Code, c.Decimals, c.IsActive, c.IsBase,
                Rate = c.Rates.Where(r => r.ValidFrom <= day).OrderByDescending(r => r.ValidFrom).Select(r => (decimal?)r.Rate).FirstOrDefault(),
            })
            .ToListAsync(ct);
        if (currencies.Count == 0)
        {
            return CurrencyRates.FromOptions(configured, day);
        }
        var baseCode = currencies.FirstOrDefault(c => c.IsBase)?.Code ?? currencies[0].Code;
        var rates = new CurrencyRates(baseCode, day, currencies.Select(c => (c.Code, c.Decimals, c.IsActive, c.Rate)));
        CurrencyDecimals.Use(currencies.ToDictionary(c => c.Code, c => c.Decimals, StringComparer.Ordinal));
        return rates;
    }

    /// <summary>
    /// The codes a record may be saved with: a new one only an active currency (or the base), an existing one any
    /// currency of the settings (an inactive one stays on the records that have it). <paramref name="configured"/> when
    /// the settings are empty.
    /// </summary>
    public static async Task<IReadOnlyList<string>> CodesAsync(CrmDbContext db, IReadOnlyList<string> configured, bool isNew, CancellationToken ct)
    {
        var rows = await db.Currencies.AsNoTracking().OrderBy(c => c.Sort).ThenBy(c => c.Id).Select(c => new { c.Code, c.IsActive, c.IsBase }).ToListAsync(ct);
        return rows.Count == 0 ? configured : [.. rows.Where(c => !isNew || c.IsActive || c.IsBase).Select(c => c.Code)];
    }

    /// <summary>Writes the configured currencies (the first as the base) when the database has none: at start-up and before a change in Settings.</summary>
    public static async Task EnsureAsync(CrmDbContext db, IReadOnlyList<string> configured, CancellationToken ct)
    {
        if (await db.Currencies.AnyAsync(ct))
        {
            return;
        }
        var codes = configured.Count > 0 ? configured : ["PLN"];
        db.Currencies.AddRange(codes.Select((code, i) => new Currency { Code = code, Decimals = CurrencyDecimals.Standard(code), IsBase = i == 0, Sort = i }));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Every currency for the settings page, with today's rate and how many deals, leads and products use it.</summary>
    public async Task<IReadOnlyList<CurrencyView>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        await EnsureAsync(db, options.Value.Currencies, ct);
        var day = Today;
        var rows = await db.Currencies.AsNoTracking().OrderBy(c => c.Sort).ThenBy(c => c.Id)
            .Select(c => new
            {
                c.Id, c.Code, c.Decimals, c.IsActive, c.IsBase, c.Version,
                Rate = c.Rates.Where(r => r.ValidFrom <= day).OrderByDescending(r => r.ValidFrom).Select(r => (decimal?)r.Rate).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var views = new List<CurrencyView>(rows.Count);
        foreach (var c in rows)
        {
            var inUse = await db.Deals.CountAsync(d => d.Currency == c.Code, ct) + await db.Leads.CountAsync(l => l.Currency == c.Code, ct)
                + await db.Products.CountAsync(p => p.Currency == c.Code, ct);
            views.Add(new CurrencyView(c.Id, c.Code, c.Decimals, c.IsActive, c.IsBase, c.Version, c.IsBase ? 1m : c.Rate, inUse));
        }
        return views;
    }

    /// <summary>The rates of one currency, newest first.</summary>
    public async Task<IReadOnlyList<ExchangeRateView>> RatesOfAsync(int currencyId, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        return await db.ExchangeRates.AsNoTracking().Where(r => r.CurrencyId == currencyId).OrderByDescending(r => r.ValidFrom)
            .Select(r => new ExchangeRateView(r.Id, r.CurrencyId, r.Currency!.Code, r.ValidFrom, r.Rate, r.Version)).ToListAsync(ct);
    }

    /// <summary>
    /// Adds a currency (<paramref name="id"/> null) or changes one read at <paramref name="expectedVersion"/>. The code
    /// is fixed once saved (deals, leads and products keep it); the base currency stays active.
    /// </summary>
    public async Task<Result<CurrencyView>> SaveAsync(int? id, int? expectedVersion, CurrencyInput input, Actor actor, CancellationToken ct = default)
    {
        if (!AccessPolicy.MayManageSettings(actor))
        {
            return Result<CurrencyView>.Forbidden("Currency.Forbidden");
        }
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        await EnsureAsync(db, options.Value.Currencies, ct);
        var code = CurrencyRules.Normalize(input.Code);
        var v = new Validator();
        Currency? currency = null;
        if (id is not null)
        {
            currency = await db.Currencies.FirstOrDefaultAsync(c => c.Id == id, ct);
            if (currency is null)
            {
                return Result<CurrencyView>.NotFound("Currency.NotFound");
            }
            if (expectedVersion is { } expected && currency.Version != expected)
            {
                return Result<CurrencyView>.Conflict(null, "Currency.Conflict", currency.Code);
            }
            if (code != currency.Code)
            {
                v.Add(nameof(CurrencyInput.Code), "Currency.CodeFixed");
            }
            if (currency.IsBase && !input.IsActive)
            {
                v.Add(nameof(CurrencyInput.IsActive), "Currency.BaseActive");
            }
        }
        else if (!CurrencyRules.IsCode(code))
        {
            v.Add(nameof(CurrencyInput.Code), "Currency.BadCode");
        }
        else if (await db.Currencies.AnyAsync(c => c.Code == code, ct))
        {
            v.Add(nameof(CurrencyInput.Code), "Currency.Exists", code);
        }
        if (input.Decimals is < 0 or > CurrencyRules.MaxDecimals)
        {
            v.Add(nameof(CurrencyInput.Decimals), "Currency.BadDecimals", CurrencyRules.MaxDecimals);
        }
        if (!v.IsValid)
        {
            return Result<CurrencyView>.Invalid(v.Errors);
        }
        if (currency is null)
        {
            var sort = await db.Currencies.Select(c => (int?)c.Sort).MaxAsync(ct) ?? -1;
            currency = new Currency { Code = code, Sort = sort + 1 };
            db.Currencies.Add(currency);
        }
        currency.Decimals = input.Decimals;
        currency.IsActive = input.IsActive;
        if (!await live.SaveAndPublishAsync(db, () => Changed(actor), ct))
        {
            return Result<CurrencyView>.Conflict(null, "Currency.Conflict", currency.Code);
        }
        return Result<CurrencyView>.Ok(new CurrencyView(currency.Id, currency.Code, currency.Decimals, currency.IsActive, currency.IsBase, currency.Version, null, 0));
    }

    /// <summary>
    /// Makes a currency the base one. Refused while any rate exists: rates are typed against the base currency, and
    /// a new base would silently change what every one of them means (delete them first, then type the new ones).
    /// </summary>
    public async Task<Result<int>> SetBaseAsync(int id, Actor actor, CancellationToken ct = default)
    {
        if (!AccessPolicy.MayManageSettings(actor))
        {
            return Result<int>.Forbidden("Currency.Forbidden");
        }
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        await EnsureAsync(db, options.Value.Currencies, ct);
        var all = await db.Currencies.ToListAsync(ct);
        var currency = all.FirstOrDefault(c => c.Id == id);
        if (currency is null)
        {
            return Result<int>.NotFound("Currency.NotFound");
        }
        if (currency.IsBase)
        {
            return Result<int>.Ok(id);
        }
        if (!currency.IsActive)
        {
            return Result<int>.Invalid([new FieldError(nameof(Currency.IsBase), "Currency.BaseActive")]);
        }
        if (await db.ExchangeRates.AnyAsync(ct))
        {
            return Result<int>.Invalid([new FieldError(nameof(Currency.IsBase), "Currency.BaseHasRates")]);
        }
        foreach (var c in all)
        {
            c.IsBase = c.Id == id;
        }
        if (!await live.SaveAndPublishAsync(db, () => Changed(actor), ct))
        {
            return Result<int>.Conflict(id, "Currency.Conflict", currency.Code);
        }
        return Result<int>.Ok(id);
    }

    /// <summary>
    /// Adds a rate to a currency (<paramref name="rateId"/> null) or changes one read at <paramref name="expectedVersion"/>:
    /// above 0, at most <see cref="CurrencyRules.RateDecimals"/> decimals, one per currency and day. The base currency has none (it is 1).
    /// </summary>
    public async Task<Result<ExchangeRateView>> SaveRateAsync(int currencyId, int? rateId, int? expectedVersion, ExchangeRateInput input, Actor actor, CancellationToken ct = default)
    {
        if (!AccessPolicy.MayManageSettings(actor))
        {
            return Result<ExchangeRateView>.Forbidden("Currency.Forbidden");
        }
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var currency = await db.Currencies.FirstOrDefaultAsync(c => c.Id == currencyId, ct);
        if (currency is null)
        {
            return Result<ExchangeRateView>.NotFound("Currency.NotFound");
        }
        ExchangeRate? rate = null;
        if (rateId is not null)
        {
            rate = await db.ExchangeRates.FirstOrDefaultAsync(r => r.Id == rateId && r.CurrencyId == currencyId, ct);
            if (rate is null)
            {
                return Result<ExchangeRateView>.NotFound("Currency.RateNotFound");
            }
            if (expectedVersion is { } expected && rate.Version != expected)
            {
                return Result<ExchangeRateView>.Conflict(View(rate, currency), "Currency.RateConflict", currency.Code, rate.ValidFrom);
            }
        }
        var v = new Validator();
        CheckRate(v, nameof(ExchangeRateInput.Rate), nameof(ExchangeRateInput.ValidFrom), input, currency);
        if (v.IsValid && await db.ExchangeRates.AnyAsync(r => r.CurrencyId == currencyId && r.ValidFrom == input.ValidFrom && r.Id != (rateId ?? 0), ct))
        {
            v.Add(nameof(ExchangeRateInput.ValidFrom), "Currency.RateExists", input.ValidFrom);
        }
        if (!v.IsValid)
        {
            return Result<ExchangeRateView>.Invalid(v.Errors);
        }
        if (rate is null)
        {
            rate = new ExchangeRate { CurrencyId = currencyId };
            db.ExchangeRates.Add(rate);
        }
        rate.ValidFrom = input.ValidFrom;
        rate.Rate = input.Rate;
        if (!await live.SaveAndPublishAsync(db, () => Changed(actor), ct))
        {
            return Result<ExchangeRateView>.Conflict(null, "Currency.RateConflict", currency.Code, input.ValidFrom);
        }
        return Result<ExchangeRateView>.Ok(View(rate, currency));
    }

    /// <summary>Deletes a rate read at <paramref name="expectedVersion"/> (refused as a conflict when another admin changed it since).</summary>
    public async Task<Result<int>> DeleteRateAsync(int rateId, int expectedVersion, Actor actor, CancellationToken ct = default)
    {
        if (!AccessPolicy.MayManageSettings(actor))
        {
            return Result<int>.Forbidden("Currency.Forbidden");
        }
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var rate = await db.ExchangeRates.Include(r => r.Currency).FirstOrDefaultAsync(r => r.Id == rateId, ct);
        if (rate is null)
        {
            return Result<int>.NotFound("Currency.RateNotFound");
        }
        if (rate.Version != expectedVersion)
        {
            return Result<int>.Conflict(rateId, "Currency.RateConflict", rate.Currency!.Code, rate.ValidFrom);
        }
        db.ExchangeRates.Remove(rate);
        if (!await live.SaveAndPublishAsync(db, () => Changed(actor), ct))
        {
            return Result<int>.Conflict(rateId, "Currency.RateConflict", rate.Currency!.Code, rate.ValidFrom);
        }
        return Result<int>.Ok(rateId);
    }

    /// <summary>
    /// Imports rates from a text file, one a line: <c>code;date;rate</c> (also <c>,</c> or a tab between them; an
    /// optional header; dates as <c>yyyy-MM-dd</c>; a decimal point, or a comma when the separator is not one). A rate
    /// for a currency and day that exists replaces it. All or nothing: a bad line saves nothing and is named in the
    /// errors (field <c>Line{n}</c>).
    /// </summary>
    public async Task<Result<RateImportResult>> ImportRatesAsync(string text, Actor actor, CancellationToken ct = default)
    {
        if (!AccessPolicy.MayManageSettings(actor))
        {
            return Result<RateImportResult>.Forbidden("Currency.Forbidden");
        }
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        await EnsureAsync(db, options.Value.Currencies, ct);
        var currencies = await db.Currencies.ToDictionaryAsync(c => c.Code, StringComparer.Ordinal, ct);
        var v = new Validator();
        var parsed = new Dictionary<(int CurrencyId, DateOnly Day), decimal>();
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim().TrimStart('\uFEFF');
            if (line.Length == 0)
            {
                continue;
            }
            var field = $"Line{i + 1}";
            var separator = line.Contains(';', StringComparison.Ordinal) ? ';' : line.Contains('\t', StringComparison.Ordinal) ? '\t' : ',';
            var cells = line.Split(separator).Select(c => c.Trim().Trim('"')).ToArray();
            if (i == 0 && cells.Length >= 1 && !CurrencyRules.IsCode(CurrencyRules.Normalize(cells[0])) && !DateOnly.TryParseExact(cells.ElementAtOrDefault(1), "yyyy-MM-dd", out _))
            {
                continue; // a header
            }
            if (cells.Length != 3)
            {
                v.Add(field, "Currency.ImportCells", i + 1);
                continue;
            }
            var code = CurrencyRules.Normalize(cells[0]);
            if (!currencies.TryGetValue(code, out var currency))
            {
                v.Add(field, "Currency.ImportUnknown", i + 1, code);
                continue;
            }
            if (!DateOnly.TryParseExact(cells[1], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                v.Add(field, "Currency.ImportDate", i + 1, cells[1]);
                continue;
            }
            var number = separator == ',' ? cells[2] : cells[2].Replace(',', '.');
            if (!decimal.TryParse(number, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            {
                v.Add(field, "Currency.ImportRate", i + 1, cells[2]);
                continue;
            }
            var one = new Validator();
            CheckRate(one, "Rate", "ValidFrom", new ExchangeRateInput { ValidFrom = day, Rate = value }, currency);
            if (one.Errors.FirstOrDefault() is { } error)
            {
                // The line's number, then what is wrong with it in the words the form uses.
                v.Add(field, error.Field == "ValidFrom" ? "Currency.ImportDate" : currency.IsBase ? "Currency.ImportBase" : "Currency.ImportRate", i + 1, error.Field == "ValidFrom" ? cells[1] : currency.IsBase ? code : cells[2]);
                continue;
            }
            parsed[(currency.Id, day)] = value;
        }
        if (v.IsValid && parsed.Count == 0)
        {
            v.Add("File", "Currency.ImportEmpty");
        }
        if (!v.IsValid)
        {
            return Result<RateImportResult>.Invalid(v.Errors);
        }
        var ids = parsed.Keys.Select(k => k.CurrencyId).Distinct().ToList();
        var days = parsed.Keys.Select(k => k.Day).Distinct().ToList();
        var existing = (await db.ExchangeRates.Where(r => ids.Contains(r.CurrencyId) && days.Contains(r.ValidFrom)).ToListAsync(ct))
            .ToDictionary(r => (r.CurrencyId, r.ValidFrom));
        int added = 0, replaced = 0;
        foreach (var ((currencyId, day), value) in parsed)
        {
            if (existing.TryGetValue((currencyId, day), out var rate))
            {
                rate.Rate = value;
                replaced++;
            }
            else
            {
                db.ExchangeRates.Add(new ExchangeRate { CurrencyId = currencyId, ValidFrom = day, Rate = value });
                added++;
            }
        }
        if (!await live.SaveAndPublishAsync(db, () => Changed(actor), ct))
        {
            return Result<RateImportResult>.Conflict(null, "Currency.ImportConflict");
        }
        return Result<RateImportResult>.Ok(new RateImportResult(added, replaced, []));
    }

    private static void CheckRate(Validator v, string rateField, string dayField, ExchangeRateInput input, Currency currency)
    {
        if (currency.IsBase)
        {
            v.Add(rateField, "Currency.BaseHasNoRate");
            return;
        }
        if (input.Rate <= 0)
        {
            v.Add(rateField, "Currency.RatePositive");
        }
        else if (input.Rate > CurrencyRules.MaxRate)
        {
            v.Add(rateField, "Currency.RateTooLarge", CurrencyRules.MaxRate);
        }
        else if (decimal.Round(input.Rate, CurrencyRules.RateDecimals) != input.Rate)
        {
            v.Add(rateField, "Currency.RateDecimals", CurrencyRules.RateDecimals);
        }
        if (!DateBounds.Contains(input.ValidFrom))
        {
            v.Add(dayField, "Validation.DateRange", DateBounds.MinDay, DateBounds.MaxDay);
        }
    }

    private static ExchangeRateView View(ExchangeRate rate, Currency currency) =>
        new(rate.Id, currency.Id, currency.Code, rate.ValidFrom, rate.Rate, rate.Version);

    private CurrenciesChanged Changed(Actor actor) => new()
    {
        ActorId = actor.UserId,
        ActorName = actor.DisplayName,
        OccurredAt = clock.GetUtcNow().UtcDateTime,
    };
}
