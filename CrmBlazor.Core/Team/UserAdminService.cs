using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace CrmBlazor.Core.Team;

/// <summary>
/// Settings > Users, for admins (<see cref="AccessPolicy.MayManageSettings"/>): list, add with a one-time set-password
/// link, deactivate and reactivate, change role and department, reset a password, and hand a leaving user's open work
/// to another user. Accounts and passwords go through ASP.NET Core Identity's <see cref="UserManager{TUser}"/>.
/// </summary>
/// <remarks>
/// Deactivating changes the user's security stamp: their open pages end at their next revalidation
/// (<c>Crm:SignIn:RevalidateSeconds</c>, at most 60 s), their hub connections at once (the web app's hub ends them on
/// the <see cref="AccessChanged"/> published here, on every server), and sign-in refuses them. Every change here drops
/// the cached access of <see cref="AccessProfiles"/>, so a new role or department applies at the user's next action.
/// </remarks>
public sealed class UserAdminService(
    IDbContextFactory<CrmDbContext> contextFactory,
    IServiceScopeFactory scopes,
    AccessProfiles profiles,
    ILiveUpdates live,
    TimeProvider clock)
{
    public async Task<Result<IReadOnlyList<UserRow>>> ListAsync(UserQuery query, Actor actor, CancellationToken ct = default)
    {
        if (!AccessPolicy.MayManageSettings(actor))
        {
            return Result<IReadOnlyList<UserRow>>.Forbidden();
        }
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var users = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var pattern = TextSearch.Contains(query.Search);
            users = users.Where(u => EF.Functions.Like(u.DisplayName.ToLower(), pattern, TextSearch.Escape)
                || EF.Functions.Like(u.Email!.ToLower(), pattern, TextSearch.Escape));
        }
        if (query.DepartmentId is { } department)
        {
            users = users.Where(u => u.DepartmentId == department);
        }
        if (query.Active is { } active)
        {
            users = users.Where(u => u.IsActive == active);
        }
        var rows = await users.OrderBy(u => u.DisplayName)
            .Select(u => new
            {
                u.Id, u.Email, u.DisplayName, u.AccessRoleId, u.DepartmentId, u.IsActive,
                Department = db.Departments.Where(d => d.Id == u.DepartmentId).Select(d => d.Name).FirstOrDefault(),
                IdentityRole = db.UserRoles.Where(ur => ur.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var roles = await db.AccessRoles.AsNoTracking().ToDictionaryAsync(r => r.Id, r => r.Name, ct);
        var result = rows.Select(u =>
            {
                var roleId = u.AccessRoleId ?? BuiltInRoles.IdFor(u.IdentityRole);
                return new UserRow(u.Id, u.Email ?? "", u.DisplayName, roleId, roles.GetValueOrDefault(roleId, ""), u.DepartmentId, u.Department, u.IsActive);
            })
            .Where(u => query.RoleId is null || u.RoleId == query.RoleId)
            .ToList();
        return Result<IReadOnlyList<UserRow>>.Ok(result);
    }

    /// <summary>The roles and departments to choose from.</summary>
    public async Task<TeamChoices> ChoicesAsync(CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var roles = await db.AccessRoles.AsNoTracking().OrderBy(r => r.Id).Select(r => new Lookup(r.Id, r.Name)).ToListAsync(ct);
        var departments = await db.Departments.AsNoTracking().OrderBy(d => d.Name).Select(d => new Lookup(d.Id, d.Name)).ToListAsync(ct);
        return new TeamChoices(roles, departments);
    }

    /// <summary>Adds a user with no password; the ticket makes the one-time link that lets them set one.</summary>
    public async Task<Result<SetPasswordTicket>> AddAsync(NewUser input, Actor actor, CancellationToken ct = default)
    {
        if (!AccessPolicy.MayManageSettings(actor))
        {
            return Result<SetPasswordTicket>.Forbidden();
        }
        var email = input.Email?.Trim() ?? "";
        var v = new Validator()
            .Required(nameof(NewUser.Email), email)
            .Email(nameof(NewUser.Email), email)
            .MaxLength(nameof(NewUser.Email), email, 256)
            .Required(nameof(NewUser.DisplayName), input.DisplayName)
            .MaxLength(nameof(NewUser.DisplayName), input.DisplayName, 100);
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var role = await db.AccessRoles.AsNoTracking().FirstOrDefaultAsync(r => r.Id == input.RoleId, ct);
        if (role is null)
        {
            v.Add(nameof(NewUser.RoleId), "Validation.Required");
        }
        if (input.DepartmentId is { } departmentId && !await db.Departments.AnyAsync(d => d.Id == departmentId, ct))
        {
            v.Add(nameof(NewUser.DepartmentId), "Validation.NoLongerExists");
        }
        if (!v.IsValid)
        {
            return Result<SetPasswordTicket>.Invalid(v.Errors);
        }

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CrmUser>>();
        var user = new CrmUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = input.DisplayName.Trim(),
            DepartmentId = input.DepartmentId,
            AccessRoleId = role!.Id,
            LockoutEnabled = true,
        };
        var created = await users.CreateAsync(user);
        if (!created.Succeeded)
        {
            return Result<SetPasswordTicket>.Invalid(IdentityErrors.ToFieldErrors(created, nameof(NewUser.Email)));
        }
        await users.AddToRoleAsync(user, role.BaseRole);
        await profiles.ChangedAsync(actor, ct);
        return Result<SetPasswordTicket>.Ok(new SetPasswordTicket(user.Id, await users.GeneratePasswordResetTokenAsync(user)));
    }

    /// <summary>Deactivates (no sign-in; open pages end at their next check, hub connections at once) or reactivates a user.</summary>
    public async Task<Result<UserRow>> SetActiveAsync(string userId, bool active, Actor actor, CancellationToken ct = default)
    {
        if (!AccessPolicy.MayManageSettings(actor))
        {
            return Result<UserRow>.Forbidden();
        }
        if (!active && userId == actor.UserId)
        {
            return Result<UserRow>.Invalid([new FieldError("IsActive", "Users.NotYourself")]);
        }
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CrmUser>>();
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return Result<UserRow>.NotFound();
        }
        user.IsActive = active;
        // Lockout is the sign-in's own refusal; the changed stamp ends every session the user has open.
        user.LockoutEnabled = true;
        user.LockoutEnd = active ? null : DateTimeOffset.MaxValue;
        await users.UpdateAsync(user);
        await users.UpdateSecurityStampAsync(user);
        await profiles.ChangedAsync(actor, ct);
        return await RowAsync(userId, actor, ct);
    }

    /// <summary>Gives a user another role record (their Identity role follows its base role) and department.</summary>
    public async Task<Result<UserRow>> ChangeAsync(string userId, int roleId, int? departmentId, Actor actor, CancellationToken ct = default)
    {
        if (!AccessPolicy.MayManageSettings(actor))
        {
            return Result<UserRow>.Forbidden();
        }
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var role = await db.AccessRoles.AsNoTracking().FirstOrDefaultAsync(r => r.Id == roleId, ct);
        var v = new Validator();
        if (role is null)
        {
            v.Add("RoleId", "Validation.NoLongerExists");
        }
        if (departmentId is { } d && !await db.Departments.AnyAsync(x => x.Id == d, ct))
        {
            v.Add("DepartmentId", "Validation.NoLongerExists");
        }
        if (role is not null && userId == actor.UserId && role.BaseRole != CrmRoles.Admin)
        {
            // The last way back into these pages is not closed by accident.
            v.Add("RoleId", "Users.NotYourself");
        }
        if (!v.IsValid)
        {
            return Result<UserRow>.Invalid(v.Errors);
        }
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CrmUser>>();
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return Result<UserRow>.NotFound();
        }
        user.AccessRoleId = role!.Id;
        user.DepartmentId = departmentId;
        await users.UpdateAsync(user);
        var current = await users.GetRolesAsync(user);
        if (!current.SequenceEqual([role.BaseRole]))
        {
            await users.RemoveFromRolesAsync(user, current);
            await users.AddToRoleAsync(user, role.BaseRole);
        }
        await profiles.ChangedAsync(actor, ct);
        return await RowAsync(userId, actor, ct);
    }

    /// <summary>A new one-time link for a user who forgot their password (the old links stop working once it is used).</summary>
    public async Task<Result<SetPasswordTicket>> ResetPasswordAsync(string userId, Actor actor, CancellationToken ct = default)
    {
        if (!AccessPolicy.MayManageSettings(actor))
        {
            return Result<SetPasswordTicket>.Forbidden();
        }
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CrmUser>>();
        var user = await users.FindByIdAsync(userId);
        return user is null
            ? Result<SetPasswordTicket>.NotFound()
            : Result<SetPasswordTicket>.Ok(new SetPasswordTicket(user.Id, await users.GeneratePasswordResetTokenAsync(user)));
    }

    /// <summary>
    /// Hands <paramref name="fromUserId"/>'s open leads, open deals and planned activities to <paramref name="toUserId"/>
    /// in one transaction, each with a "responsible" entry on its timeline, and tells every open page.
    /// </summary>
    public async Task<Result<Reassigned>> ReassignAsync(string fromUserId, string toUserId, Actor actor, CancellationToken ct = default)
    {
        if (!AccessPolicy.MayManageSettings(actor))
        {
            return Result<Reassigned>.Forbidden();
        }
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var names = await db.Users.Where(u => u.Id == fromUserId || u.Id == toUserId).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        if (fromUserId == toUserId || !names.ContainsKey(toUserId))
        {
            return Result<Reassigned>.Invalid([new FieldError("ToUserId", "Validation.Required")]);
        }
        if (!names.ContainsKey(fromUserId))
        {
            return Result<Reassigned>.NotFound();
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var change = new FieldChange("Responsible", names[fromUserId], names[toUserId]);

        var leads = await db.Leads.Where(l => l.ResponsibleUserId == fromUserId && l.Status != LeadStatus.Converted && l.Status != LeadStatus.Junk).ToListAsync(ct);
        var deals = await db.Deals.Where(d => d.ResponsibleUserId == fromUserId && d.ClosedAt == null).ToListAsync(ct);
        var dealIds = deals.Select(d => d.Id).ToList();
        var beforeCards = await db.Deals.AsNoTracking().Where(d => dealIds.Contains(d.Id)).Select(DealProjections.Card).ToDictionaryAsync(c => c.Id, ct);
        var activities = await db.Activities.Where(a => a.ResponsibleUserId == fromUserId && a.State == ActivityState.Planned).ToListAsync(ct);
        var beforeRows = (await ActivityService.RowsAsync(db, activities, ct)).ToDictionary(r => r.Id);

        foreach (var lead in leads)
        {
            lead.ResponsibleUserId = toUserId;
            TimelineLog.Changes(db, ElementRef.Lead(lead.Id), actor.UserId, now, change);
        }
        foreach (var deal in deals)
        {
            deal.ResponsibleUserId = toUserId;
            TimelineLog.Changes(db, ElementRef.Deal(deal.Id), actor.UserId, now, change);
        }
        foreach (var activity in activities)
        {
            activity.ResponsibleUserId = toUserId;
            // On its element's timeline, as planning, completing and deleting it are.
            var entry = TimelineLog.Add(db, activity.Element, TimelineKind.ActivityReassigned, actor.UserId, now, activity.Subject, nameof(Activity), activity.Id);
            entry.OldValue = change.Old;
            entry.NewValue = change.New;
        }

        var saved = await live.SaveAndPublishAsync(db, async () =>
        {
            var events = new List<CrmEvent>();
            foreach (var lead in leads)
            {
                events.Add(await LeadProjections.ChangedAsync(LeadChangeKind.Updated, lead, db, actor, now, ct, fromUserId));
            }
            var afterCards = await db.Deals.AsNoTracking().Where(d => dealIds.Contains(d.Id)).Select(DealProjections.Card).ToListAsync(ct);
            events.AddRange(afterCards.Select(card => DealService.Changed(DealChangeKind.Updated, beforeCards[card.Id], card, actor, now)));
            var afterRows = await ActivityService.RowsAsync(db, activities, ct);
            var owners = new Dictionary<ElementRef, string?>();
            foreach (var element in afterRows.Select(r => new ElementRef(r.ElementKind, r.ElementId)).Distinct())
            {
                owners[element] = await RecordAccess.ResponsibleOfAsync(db, element, ct);
            }
            events.AddRange(afterRows.Select(row => new ActivityChanged
            {
                ElementResponsibleUserId = owners[new ElementRef(row.ElementKind, row.ElementId)],
                Kind = ActivityChangeKind.Updated,
                ActivityId = row.Id,
                Version = row.Version,
                Element = new ElementRef(row.ElementKind, row.ElementId),
                Before = beforeRows[row.Id],
                After = row,
                ActorId = actor.UserId,
                ActorName = actor.DisplayName,
                OccurredAt = now,
            }));
            return events;
        }, ct);
        return saved
            ? Result<Reassigned>.Ok(new Reassigned(leads.Count, deals.Count, activities.Count))
            : Result<Reassigned>.Conflict(null, "Users.ReassignConflict");
    }

    private async Task<Result<UserRow>> RowAsync(string userId, Actor actor, CancellationToken ct)
    {
        var list = await ListAsync(new UserQuery(), actor, ct);
        return list.Value?.FirstOrDefault(u => u.Id == userId) is { } row ? Result<UserRow>.Ok(row) : Result<UserRow>.NotFound();
    }
}

/// <summary>Identity's refusals as field errors with localizable keys (<c>Identity.{Code}</c>).</summary>
internal static class IdentityErrors
{
    public static IReadOnlyList<FieldError> ToFieldErrors(IdentityResult result, string field) =>
        [.. result.Errors.Select(e => new FieldError(field, "Identity." + (Known.Contains(e.Code) ? e.Code : "Other"), e.Description))];

    private static readonly HashSet<string> Known =
    [
        "PasswordTooShort", "PasswordRequiresNonAlphanumeric", "PasswordRequiresDigit", "PasswordRequiresLower", "PasswordRequiresUpper",
        "PasswordMismatch", "InvalidToken", "DuplicateEmail", "DuplicateUserName", "InvalidEmail", "InvalidUserName",
    ];
}
