namespace CrmBlazor.Core.Leads;

/// <summary>
/// Settings &gt; Lead statuses: the lead statuses, sources and junk reasons (decision 030). Everyone reads them; admins
/// add, rename (English and Polish), reorder, deactivate and delete unused ones. Every change ends in one
/// <c>SaveAndPublishAsync</c> with <see cref="LeadOptionsChanged"/>, which every open lead list, lead page, form and
/// settings page hears. An option leads use (the recycle bin's too) is never deleted; each status kind keeps an active status.
/// </summary>
public sealed class LeadOptionService(IDbContextFactory<CrmDbContext> contextFactory, ILiveUpdates live, TimeProvider clock)
{
    public async Task<LeadOptionSet> ListAsync(CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        return await LeadOptionSet.LoadAsync(db, ct);
    }

    /// <summary>Adds an option at the end of its list (<paramref name="id"/> null) or changes one read at <see cref="LeadOptionInput.ExpectedVersion"/>.</summary>
    public async Task<Result<LeadOptionView>> SaveAsync(int? id, LeadOptionInput input, Actor actor, CancellationToken ct = default)
    {
        if (!AccessPolicy.MayManageSettings(actor))
        {
            return Result<LeadOptionView>.Forbidden("LeadOption.Forbidden");
        }
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        LeadOption? option = null;
        if (id is not null)
        {
            option = await db.LeadOptions.FirstOrDefaultAsync(o => o.Id == id, ct);
            if (option is null)
            {
                return Result<LeadOptionView>.NotFound("LeadOption.NotFound");
            }
            if (option.Version != input.ExpectedVersion)
            {
                return Result<LeadOptionView>.Conflict(View(option), "LeadOption.Conflict", option.Name);
            }
        }
        var list = option?.List ?? input.List;
        var name = input.Name?.Trim() ?? "";
        var namePl = string.IsNullOrWhiteSpace(input.NamePl) ? null : input.NamePl.Trim();
        var kind = input.Kind ?? (list == LeadOptionList.Status ? -1 : DefaultKind(list));
        var v = new Validator()
            .Required(nameof(LeadOptionInput.Name), name).MaxLength(nameof(LeadOptionInput.Name), name, LeadOptionRules.NameMaxLength)
            .MaxLength(nameof(LeadOptionInput.NamePl), namePl, LeadOptionRules.NameMaxLength);
        if (!LeadOptionRules.Kinds(list).Contains(kind))
        {
            v.Add(nameof(LeadOptionInput.Kind), "Validation.Required");
        }
        var others = await db.LeadOptions.AsNoTracking().Where(o => o.List == list && o.Id != (id ?? 0)).ToListAsync(ct);
        if (name.Length > 0 && others.Any(o => Same(o.Name, name) || Same(o.NamePl, name)))
        {
            v.Add(nameof(LeadOptionInput.Name), "LeadOption.Exists");
        }
        if (namePl is not null && others.Any(o => Same(o.Name, namePl) || Same(o.NamePl, namePl)))
        {
            v.Add(nameof(LeadOptionInput.NamePl), "LeadOption.Exists");
        }
        if (option is not null && option.Kind != kind && v.IsValid && await InUseAsync(db, option, ct))
        {
            // Its leads would change kind (a converted lead become open) without Complete lead: as a stage's kind (decision 012).
            v.Add(nameof(LeadOptionInput.Kind), "LeadOption.KindInUse");
        }
        if (list == LeadOptionList.Status && option is not null && option.IsActive && (!input.IsActive || option.Kind != kind)
            && !others.Any(o => o.IsActive && o.Kind == option.Kind))
        {
            v.Add(input.IsActive ? nameof(LeadOptionInput.Kind) : nameof(LeadOptionInput.IsActive), "LeadOption.LastOfKind");
        }
        if (!v.IsValid)
        {
            return Result<LeadOptionView>.Invalid(v.Errors);
        }
        if (option is null)
        {
            option = new LeadOption { List = list, Name = name, Sort = others.Select(o => (int?)o.Sort).Max() + 1 ?? 0 };
            db.LeadOptions.Add(option);
        }
        else
        {
            option.Version++;
        }
        option.Name = name;
        option.NamePl = namePl;
        option.Kind = kind;
        option.IsActive = input.IsActive;
        return await CommitAsync(db, option, actor, ct);
    }

    /// <summary>
    /// Puts an option at <paramref name="index"/> of its list (0 first; dragging a row, or the up and down buttons).
    /// A move changes no option's version: an admin renaming one is not refused because another moved it.
    /// </summary>
    public async Task<Result<LeadOptionView>> MoveAsync(int id, int index, Actor actor, CancellationToken ct = default)
    {
        if (!AccessPolicy.MayManageSettings(actor))
        {
            return Result<LeadOptionView>.Forbidden("LeadOption.Forbidden");
        }
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var option = await db.LeadOptions.FirstOrDefaultAsync(o => o.Id == id, ct);
        if (option is null)
        {
            return Result<LeadOptionView>.NotFound("LeadOption.NotFound");
        }
        var all = await db.LeadOptions.Where(o => o.List == option.List).OrderBy(o => o.Sort).ThenBy(o => o.Id).ToListAsync(ct);
        all.Remove(option);
        all.Insert(Math.Clamp(index, 0, all.Count), option);
        for (var i = 0; i < all.Count; i++)
        {
            all[i].Sort = i;
        }
        return await CommitAsync(db, option, actor, ct);
    }

    /// <summary>Deletes an option no lead uses (nor a lead in the recycle bin); one in use is refused: deactivate it instead.</summary>
    public async Task<Result<LeadOptionView>> DeleteAsync(int id, int expectedVersion, Actor actor, CancellationToken ct = default)
    {
        if (!AccessPolicy.MayManageSettings(actor))
        {
            return Result<LeadOptionView>.Forbidden("LeadOption.Forbidden");
        }
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var option = await db.LeadOptions.FirstOrDefaultAsync(o => o.Id == id, ct);
        if (option is null)
        {
            return Result<LeadOptionView>.NotFound("LeadOption.NotFound");
        }
        if (option.Version != expectedVersion)
        {
            return Result<LeadOptionView>.Conflict(View(option), "LeadOption.Conflict", option.Name);
        }
        if (await InUseAsync(db, option, ct))
        {
            return Result<LeadOptionView>.Invalid([new FieldError(nameof(LeadOptionInput.Name), "LeadOption.InUse")]);
        }
        if (option.List == LeadOptionList.Status && option.IsActive
            && !await db.LeadOptions.AnyAsync(o => o.List == option.List && o.Id != option.Id && o.IsActive && o.Kind == option.Kind, ct))
        {
            return Result<LeadOptionView>.Invalid([new FieldError(nameof(LeadOptionInput.Name), "LeadOption.LastOfKind")]);
        }
        db.LeadOptions.Remove(option);
        return await CommitAsync(db, option, actor, ct);
    }

    private async Task<Result<LeadOptionView>> CommitAsync(CrmDbContext db, LeadOption option, Actor actor, CancellationToken ct)
    {
        bool saved;
        try
        {
            saved = await live.SaveAndPublishAsync(db, () => Task.FromResult<IReadOnlyList<CrmEvent>>(
                [new LeadOptionsChanged { ActorId = actor.UserId, ActorName = actor.DisplayName, OccurredAt = clock.GetUtcNow().UtcDateTime }]), ct);
        }
        catch (DbUpdateException)
        {
            // A lead took the option between the check and the delete: the foreign key refuses it.
            return Result<LeadOptionView>.Invalid([new FieldError(nameof(LeadOptionInput.Name), "LeadOption.InUse")]);
        }
        if (!saved)
        {
            await using var fresh = await contextFactory.CreateDbContextAsync(ct);
            var current = await fresh.LeadOptions.AsNoTracking().FirstOrDefaultAsync(o => o.Id == option.Id, ct);
            return Result<LeadOptionView>.Conflict(current is null ? null : View(current), "LeadOption.Conflict", current?.Name ?? option.Name);
        }
        return Result<LeadOptionView>.Ok(View(option));
    }

    private static Task<bool> InUseAsync(CrmDbContext db, LeadOption option, CancellationToken ct)
    {
        var leads = db.Leads.IgnoreQueryFilters();
        return option.List switch
        {
            LeadOptionList.Status => leads.AnyAsync(l => l.StatusId == option.Id, ct),
            LeadOptionList.Source => leads.AnyAsync(l => l.SourceId == option.Id, ct),
            _ => leads.AnyAsync(l => l.JunkReasonId == option.Id, ct),
        };
    }

    private static int DefaultKind(LeadOptionList list) => list == LeadOptionList.Source ? (int)LeadSource.Other : (int)JunkReason.Other;

    private static bool Same(string? a, string b) => a is not null && string.Equals(a.Trim(), b, StringComparison.CurrentCultureIgnoreCase);

    private static LeadOptionView View(LeadOption o) => new(o.Id, o.List, o.Kind, o.Name, o.NamePl, o.Sort, o.IsActive, o.Version);
}
