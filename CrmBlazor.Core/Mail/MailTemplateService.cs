using System.Globalization;

namespace CrmBlazor.Core.Mail;

/// <summary>A template as its list and the send dialog show it.</summary>
public sealed record MailTemplateView(int Id, string Name, string Subject, string Body, bool Shared, bool MayEdit, int Version);

public sealed record MailTemplateInput
{
    public string? Name { get; init; }
    public string? Subject { get; init; }
    public string? Body { get; init; }
    /// <summary>Shared with the team (admins only) rather than the user's own.</summary>
    public bool Shared { get; init; }
}

/// <summary>A template filled for an element and a user: the subject and body, each with the placeholders that stayed unfilled.</summary>
public sealed record FilledTemplate(FilledText Subject, FilledText Body);

/// <summary>
/// E-mail templates (the team's shared ones, managed by admins, and each user's personal ones) and users' signatures;
/// filling a template for an element resolves its placeholders (<see cref="MailPlaceholders"/>) from the element, its
/// contact, company or deal, and the sending user, and names those it could not fill.
/// </summary>
public sealed class MailTemplateService(IDbContextFactory<CrmDbContext> contextFactory, ILiveUpdates live, RecordAccess access)
{
    /// <summary>The templates the user may use: the team's shared ones, then their own, by name.</summary>
    public async Task<IReadOnlyList<MailTemplateView>> ListAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var rows = await db.MailTemplates.AsNoTracking().Where(t => t.OwnerUserId == null || t.OwnerUserId == actor.UserId)
            .OrderBy(t => t.OwnerUserId != null).ThenBy(t => t.Name).ThenBy(t => t.Id).ToListAsync(ct);
        return [.. rows.Select(t => View(t, actor))];
    }

    /// <summary>Adds (<paramref name="id"/> null) or changes a template; unknown placeholders are refused next to their field.</summary>
    public async Task<Result<MailTemplateView>> SaveAsync(int? id, int expectedVersion, MailTemplateInput input, Actor actor, CancellationToken ct = default)
    {
        if (input.Shared && !AccessPolicy.MayManageMailTemplate(actor, null))
        {
            return Result<MailTemplateView>.Forbidden();
        }
        var name = Validator.Clean(input.Name) ?? "";
        var subject = input.Subject?.Trim() ?? "";
        var body = (input.Body ?? "").Replace("\r\n", "\n").TrimEnd();
        var v = new Validator()
            .Required(nameof(MailTemplateInput.Name), name).MaxLength(nameof(MailTemplateInput.Name), name, MailTemplateRules.NameMaxLength)
            .MaxLength(nameof(MailTemplateInput.Subject), subject, MailRules.SubjectMaxLength)
            .Required(nameof(MailTemplateInput.Body), body).MaxLength(nameof(MailTemplateInput.Body), body, MailTemplateRules.BodyMaxLength);
        foreach (var (field, text) in new[] { (nameof(MailTemplateInput.Subject), subject), (nameof(MailTemplateInput.Body), body) })
        {
            if (MailPlaceholders.Unknown(text) is { Count: > 0 } unknown)
            {
                v.Add(field, "MailTemplates.UnknownPlaceholder", string.Join(", ", unknown.Select(n => "{{" + n + "}}")));
            }
        }
        var owner = input.Shared ? null : actor.UserId;
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        if (v.IsValid && await db.MailTemplates.AnyAsync(t => t.OwnerUserId == owner && t.Name == name && t.Id != (id ?? 0), ct))
        {
            v.Add(nameof(MailTemplateInput.Name), "MailTemplates.Exists");
        }
        if (!v.IsValid)
        {
            return Result<MailTemplateView>.Invalid(v.Errors);
        }
        MailTemplate template;
        if (id is null)
        {
            template = new MailTemplate { Name = name };
            db.MailTemplates.Add(template);
        }
        else
        {
            var found = await db.MailTemplates.FirstOrDefaultAsync(t => t.Id == id && (t.OwnerUserId == null || t.OwnerUserId == actor.UserId), ct);
            if (found is null)
            {
                return Result<MailTemplateView>.NotFound();
            }
            if (!AccessPolicy.MayManageMailTemplate(actor, found.OwnerUserId))
            {
                return Result<MailTemplateView>.Forbidden();
            }
            if (found.Version != expectedVersion)
            {
                return Result<MailTemplateView>.Conflict(View(found, actor), "Error.EditConflict");
            }
            template = found;
        }
        template.Name = name;
        template.Subject = subject;
        template.Body = body;
        template.OwnerUserId = owner;
        if (!await live.SaveAndPublishAsync(db, () => Task.FromResult<IReadOnlyList<CrmEvent>>([]), ct))
        {
            return Result<MailTemplateView>.Conflict(null, "Error.EditConflict");
        }
        return Result<MailTemplateView>.Ok(View(template, actor));
    }

    public async Task<Result<bool>> DeleteAsync(int id, Actor actor, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var found = await db.MailTemplates.FirstOrDefaultAsync(t => t.Id == id && (t.OwnerUserId == null || t.OwnerUserId == actor.UserId), ct);
        if (found is null)
        {
            return Result<bool>.NotFound();
        }
        if (!AccessPolicy.MayManageMailTemplate(actor, found.OwnerUserId))
        {
            return Result<bool>.Forbidden();
        }
        db.MailTemplates.Remove(found);
        await live.SaveAndPublishAsync(db, () => Task.FromResult<IReadOnlyList<CrmEvent>>([]), ct);
        return Result<bool>.Ok(true);
    }

    /// <summary>The user's signature (Markdown), empty when they have none.</summary>
    public async Task<string> SignatureAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        return await db.MailSignatures.Where(s => s.UserId == actor.UserId).Select(s => s.Body).FirstOrDefaultAsync(ct) ?? "";
    }

    /// <summary>Saves the user's own signature; an empty one removes it.</summary>
    public async Task<Result<string>> SaveSignatureAsync(string? body, Actor actor, CancellationToken ct = default)
    {
        var text = (body ?? "").Replace("\r\n", "\n").TrimEnd();
        var v = new Validator().MaxLength("Signature", text, MailTemplateRules.SignatureMaxLength);
        if (MailPlaceholders.In(text).Count > 0)
        {
            v.Add("Signature", "MailTemplates.NoPlaceholdersInSignature");
        }
        if (!v.IsValid)
        {
            return Result<string>.Invalid(v.Errors);
        }
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var found = await db.MailSignatures.FirstOrDefaultAsync(s => s.UserId == actor.UserId, ct);
        if (text.Length == 0)
        {
            if (found is not null)
            {
                db.MailSignatures.Remove(found);
            }
        }
        else if (found is null)
        {
            db.MailSignatures.Add(new MailSignature { UserId = actor.UserId, Body = text });
        }
        else
        {
            found.Body = text;
        }
        await live.SaveAndPublishAsync(db, () => Task.FromResult<IReadOnlyList<CrmEvent>>([]), ct);
        return Result<string>.Ok(text);
    }

    /// <summary>
    /// A template filled for an element (which the user must be able to read) and the user sending it. Placeholders
    /// without a value stay as typed and are listed per field.
    /// </summary>
    public async Task<Result<FilledTemplate>> FillAsync(int templateId, ElementRef element, Actor actor, CancellationToken ct = default)
    {
        if (!await access.MayReadAsync(element, actor, ct))
        {
            return Result<FilledTemplate>.Forbidden();
        }
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var template = await db.MailTemplates.AsNoTracking()
            .FirstOrDefaultAsync(t => t.Id == templateId && (t.OwnerUserId == null || t.OwnerUserId == actor.UserId), ct);
        if (template is null)
        {
            return Result<FilledTemplate>.NotFound();
        }
        var values = await ValuesAsync(db, element, actor, ct);
        if (values is null)
        {
            return Result<FilledTemplate>.NotFound();
        }
        return Result<FilledTemplate>.Ok(new FilledTemplate(MailPlaceholders.Fill(template.Subject, values), MailPlaceholders.Fill(template.Body, values)));
    }

    /// <summary>The placeholders' values for an element and a user; null when the element does not exist.</summary>
    public static async Task<Dictionary<string, string?>?> ValuesAsync(CrmDbContext db, ElementRef element, Actor actor, CancellationToken ct)
    {
        var values = new Dictionary<string, string?>();
        int? contactId = null;
        int? companyId = null;
        switch (element.Kind)
        {
            case ElementKind.Lead:
                var lead = await db.Leads.AsNoTracking().Where(l => l.Id == element.Id)
                    .Select(l => new { l.Title, l.FirstName, l.LastName, l.CompanyName }).FirstOrDefaultAsync(ct);
                if (lead is null)
                {
                    return null;
                }
                values[MailPlaceholders.ElementName] = lead.Title;
                SetPerson(values, lead.FirstName, lead.LastName);
                values[MailPlaceholders.CompanyName] = lead.CompanyName;
                break;
            case ElementKind.Contact:
                contactId = element.Id;
                break;
            case ElementKind.Company:
                companyId = element.Id;
                break;
            default:
                var deal = await db.Deals.AsNoTracking().Where(d => d.Id == element.Id)
                    .Select(d => new { d.Title, d.Amount, d.Currency, d.ContactId, d.CompanyId }).FirstOrDefaultAsync(ct);
                if (deal is null)
                {
                    return null;
                }
                values[MailPlaceholders.ElementName] = deal.Title;
                values[MailPlaceholders.DealTitle] = deal.Title;
                values[MailPlaceholders.DealAmount] = Amount(deal.Amount, deal.Currency);
                contactId = deal.ContactId;
                companyId = deal.CompanyId;
                break;
        }
        if (contactId is { } cid)
        {
            var contact = await db.Contacts.AsNoTracking().Where(c => c.Id == cid).Select(c => new { c.FirstName, c.LastName, c.CompanyId }).FirstOrDefaultAsync(ct);
            if (contact is null && element.Kind == ElementKind.Contact)
            {
                return null;
            }
            if (contact is not null)
            {
                SetPerson(values, contact.FirstName, contact.LastName);
                if (element.Kind == ElementKind.Contact)
                {
                    values[MailPlaceholders.ElementName] = values[MailPlaceholders.ContactName];
                    companyId = contact.CompanyId;
                }
            }
        }
        if (companyId is { } coid)
        {
            var company = await db.Companies.AsNoTracking().Where(c => c.Id == coid).Select(c => c.Name).FirstOrDefaultAsync(ct);
            if (company is null && element.Kind == ElementKind.Company)
            {
                return null;
            }
            values[MailPlaceholders.CompanyName] = company;
            if (element.Kind == ElementKind.Company)
            {
                values[MailPlaceholders.ElementName] = company;
            }
        }
        var user = await db.Users.AsNoTracking().Where(u => u.Id == actor.UserId).Select(u => new { u.DisplayName, u.Email }).FirstOrDefaultAsync(ct);
        values[MailPlaceholders.UserName] = user?.DisplayName ?? actor.DisplayName;
        values[MailPlaceholders.UserEmail] = user?.Email;
        values[MailPlaceholders.UserSignature] = await db.MailSignatures.Where(s => s.UserId == actor.UserId).Select(s => s.Body).FirstOrDefaultAsync(ct);
        return values;
    }

    private static void SetPerson(Dictionary<string, string?> values, string? first, string? last)
    {
        values[MailPlaceholders.ContactFirstName] = first;
        values[MailPlaceholders.ContactLastName] = last;
        values[MailPlaceholders.ContactName] = string.Join(' ', new[] { first, last }.Where(n => !string.IsNullOrWhiteSpace(n)));
    }

    /// <summary>An amount as a message shows it to a customer: grouped, with its currency's decimals and code ("12,500.00 PLN").</summary>
    public static string Amount(decimal amount, string currency) =>
        amount.ToString("N" + CurrencyDecimals.Of(currency), CultureInfo.InvariantCulture) + " " + currency;

    private static MailTemplateView View(MailTemplate t, Actor actor) =>
        new(t.Id, t.Name, t.Subject, t.Body, t.OwnerUserId is null, AccessPolicy.MayManageMailTemplate(actor, t.OwnerUserId), t.Version);
}
