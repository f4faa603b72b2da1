namespace CrmBlazor.Core.Deals;

/// <summary>
/// The configurable list of reasons a deal is lost. Everyone reads the active ones; admins add, rename, reorder and
/// deactivate them. A reason is never deleted, since lost deals point at it: it is deactivated instead.
/// </summary>
public sealed class LostReasonService(IDbContextFactory<CrmDbContext> contextFactory)
{
    public async Task<IReadOnlyList<LostReasonView>> ListAsync(bool includeInactive = false, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        return await db.LostReasons.AsNoTracking().Where(r => includeInactive || r.IsActive).OrderBy(r => r.Sort).ThenBy(r => r.Id)
            .Select(r => new LostReasonView(r.Id, r.Name, r.Sort, r.IsActive)).ToListAsync(ct);
    }

    /// <summary>Adds a reason at the end of the list (<paramref name="id"/> null) or changes one.</summary>
    public async Task<Result<LostReasonView>> SaveAsync(int? id, LostReasonInput input, Actor actor, CancellationToken ct = default)
    {
        if (!AccessPolicy.MayManageSettings(actor))
        {
            return Result<LostReasonView>.Forbidden("LostReason.Forbidden");
        }
        var v = new Validator().Required(nameof(LostReasonInput.Name), input.Name).MaxLength(nameof(LostReasonInput.Name), input.Name, DealRules.LostReasonMaxLength);
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var name = input.Name?.Trim() ?? "";
        if (v.IsValid && await db.LostReasons.AnyAsync(r => r.Name == name && r.Id != (id ?? 0), ct))
        {
            v.Add(nameof(LostReasonInput.Name), "LostReason.Exists");
        }
        if (!v.IsValid)
        {
            return Result<LostReasonView>.Invalid(v.Errors);
        }
        LostReason? reason;
        if (id is null)
        {
            var sort = await db.LostReasons.Select(r => (int?)r.Sort).MaxAsync(ct) ?? -1;
            reason = new LostReason { Name = name, Sort = sort + 1 };
            db.LostReasons.Add(reason);
        }
        else
        {
            reason = await db.LostReasons.FirstOrDefaultAsync(r => r.Id == id, ct);
            if (reason is null)
            {
                return Result<LostReasonView>.NotFound();
            }
            reason.Name = name;
        }
        reason.IsActive = input.IsActive;
        await db.SaveChangesAsync(ct);
        return Result<LostReasonView>.Ok(new LostReasonView(reason.Id, reason.Name, reason.Sort, reason.IsActive));
    }

    /// <summary>Moves a reason one place up (<paramref name="delta"/> −1) or down (+1) in the list.</summary>
    public async Task<Result<LostReasonView>> MoveAsync(int id, int delta, Actor actor, CancellationToken ct = default)
    {
        if (!AccessPolicy.MayManageSettings(actor))
        {
            return Result<LostReasonView>.Forbidden("LostReason.Forbidden");
        }
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var all = await db.LostReasons.OrderBy(r => r.Sort).ThenBy(r => r.Id).ToListAsync(ct);
        var index = all.FindIndex(r => r.Id == id);
        if (index < 0)
        {
            return Result<LostReasonView>.NotFound();
        }
        var target = Math.Clamp(index + Math.Sign(delta), 0, all.Count - 1);
        var reason = all[index];
        all.RemoveAt(index);
        all.Insert(target, reason);
        for (var i = 0; i < all.Count; i++)
        {
            all[i].Sort = i;
        }
        await db.SaveChangesAsync(ct);
        return Result<LostReasonView>.Ok(new LostReasonView(reason.Id, reason.Name, reason.Sort, reason.IsActive));
    }
}
