namespace CrmBlazor.Core.Team;

/// <summary>A department as the tree shows it: <see cref="Depth"/> levels below the top, in tree order.</summary>
public sealed record DepartmentRow(int Id, string Name, int? ParentId, string? HeadUserId, string? HeadName, int Depth, int Version);

/// <summary>A department as the admin types it.</summary>
public sealed record DepartmentInput(string Name, int? ParentId, string? HeadUserId);

/// <summary>A role with its whole table of scopes.</summary>
public sealed record AccessRoleView(int Id, string Name, string BaseRole, bool IsBuiltIn, int Version, IReadOnlyDictionary<(AccessEntity, AccessAction), AccessScope> Scopes);

/// <summary>A role as the admin edits it: every cell of the table (a missing one is none).</summary>
public sealed record AccessRoleInput(string Name, string BaseRole, IReadOnlyDictionary<(AccessEntity, AccessAction), AccessScope> Scopes);

/// <summary>
/// Settings > Departments and Settings > Roles, for admins: the department tree with its heads, and roles as data.
/// Every change drops <see cref="AccessProfiles"/>' cache, so users act with it from their next action.
/// </summary>
public sealed class TeamSettingsService(IDbContextFactory<CrmDbContext> contextFactory, AccessProfiles profiles)
{
    public async Task<IReadOnlyList<DepartmentRow>> DepartmentsAsync(CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var all = await db.Departments.AsNoTracking()
            .Select(d => new { d.Id, d.Name, d.ParentId, d.HeadUserId, d.Version, Head = db.Users.Where(u => u.Id == d.HeadUserId).Select(u => u.DisplayName).FirstOrDefault() })
            .ToListAsync(ct);
        var children = all.ToLookup(d => d.ParentId);
        var rows = new List<DepartmentRow>();
        void Walk(int? parent, int depth)
        {
            foreach (var d in children[parent].OrderBy(d => d.Name, StringComparer.CurrentCulture))
            {
                rows.Add(new DepartmentRow(d.Id, d.Name, d.ParentId, d.HeadUserId, d.Head, depth, d.Version));
                Walk(d.Id, depth + 1);
            }
        }
        Walk(null, 0);
        return rows;
    }

    public async Task<Result<DepartmentRow>> SaveDepartmentAsync(int? id, int expectedVersion, DepartmentInput input, Actor actor, CancellationToken ct = default)
    {
        if (!AccessPolicy.MayManageSettings(actor))
        {
            return Result<DepartmentRow>.Forbidden();
        }
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var v = new Validator().Required(nameof(DepartmentInput.Name), input.Name).MaxLength(nameof(DepartmentInput.Name), input.Name, 100);
        var tree = await db.Departments.AsNoTracking().Select(d => new { d.Id, d.ParentId }).ToListAsync(ct);
        if (input.ParentId is { } parent)
        {
            if (tree.All(d => d.Id != parent))
            {
                v.Add(nameof(DepartmentInput.ParentId), "Validation.NoLongerExists");
            }
            else if (id is { } self && DepartmentTree.Subtree(self, tree.Select(d => (d.Id, d.ParentId))).Contains(parent))
            {
                v.Add(nameof(DepartmentInput.ParentId), "Departments.Cycle");
            }
        }
        if (!string.IsNullOrEmpty(input.HeadUserId) && !await db.Users.AnyAsync(u => u.Id == input.HeadUserId, ct))
        {
            v.Add(nameof(DepartmentInput.HeadUserId), "Validation.NoLongerExists");
        }
        if (!v.IsValid)
        {
            return Result<DepartmentRow>.Invalid(v.Errors);
        }
        Department? department;
        if (id is null)
        {
            department = new Department { Name = "" };
            db.Departments.Add(department);
        }
        else
        {
            department = await db.Departments.FirstOrDefaultAsync(d => d.Id == id, ct);
            if (department is null)
            {
                return Result<DepartmentRow>.NotFound();
            }
            if (department.Version != expectedVersion)
            {
                return Result<DepartmentRow>.Conflict(null, "Error.EditConflict");
            }
        }
        department.Name = input.Name.Trim();
        department.ParentId = input.ParentId;
        department.HeadUserId = string.IsNullOrEmpty(input.HeadUserId) ? null : input.HeadUserId;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Result<DepartmentRow>.Conflict(null, "Error.EditConflict");
        }
        await profiles.ChangedAsync(actor, ct);
        return Result<DepartmentRow>.Ok((await DepartmentsAsync(ct)).First(d => d.Id == department.Id));
    }

    /// <summary>Deletes an empty department: one with no departments below it; its users are left without one.</summary>
    public async Task<Result<bool>> DeleteDepartmentAsync(int id, Actor actor, CancellationToken ct = default)
    {
        if (!AccessPolicy.MayManageSettings(actor))
        {
            return Result<bool>.Forbidden();
        }
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        if (await db.Departments.AnyAsync(d => d.ParentId == id, ct))
        {
            return Result<bool>.Invalid([new FieldError("ParentId", "Departments.HasChildren")]);
        }
        var deleted = await db.Departments.Where(d => d.Id == id).ExecuteDeleteAsync(ct);
        await profiles.ChangedAsync(actor, ct);
        return deleted == 0 ? Result<bool>.NotFound() : Result<bool>.Ok(true);
    }

    public async Task<IReadOnlyList<AccessRoleView>> RolesAsync(CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var roles = await db.AccessRoles.AsNoTracking().Include(r => r.Grants).OrderBy(r => r.Id).ToListAsync(ct);
        return [.. roles.Select(r => new AccessRoleView(r.Id, r.Name, r.BaseRole, r.IsBuiltIn, r.Version, r.Grants.ToDictionary(g => (g.Entity, g.Action), g => g.Scope)))];
    }

    /// <summary>Adds a role or changes one's name, base Identity role and scopes (built-in ones too; their users then act by the new table).</summary>
    public async Task<Result<AccessRoleView>> SaveRoleAsync(int? id, int expectedVersion, AccessRoleInput input, Actor actor, CancellationToken ct = default)
    {
        if (!AccessPolicy.MayManageSettings(actor))
        {
            return Result<AccessRoleView>.Forbidden();
        }
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var name = input.Name?.Trim() ?? "";
        var v = new Validator().Required(nameof(AccessRoleInput.Name), name).MaxLength(nameof(AccessRoleInput.Name), name, 100);
        if (!CrmRoles.All.Contains(input.BaseRole))
        {
            v.Add(nameof(AccessRoleInput.BaseRole), "Validation.Required");
        }
        if (name.Length > 0 && await db.AccessRoles.AnyAsync(r => r.Name == name && r.Id != id, ct))
        {
            v.Add(nameof(AccessRoleInput.Name), "Roles.Exists");
        }
        if (id == BuiltInRoles.AdminId && input.BaseRole != CrmRoles.Admin)
        {
            // The built-in Admin role is how admins reach these pages: it stays an admin role.
            v.Add(nameof(AccessRoleInput.BaseRole), "Roles.AdminStaysAdmin");
        }
        if (!v.IsValid)
        {
            return Result<AccessRoleView>.Invalid(v.Errors);
        }
        AccessRole? role;
        if (id is null)
        {
            role = new AccessRole { Name = name, BaseRole = input.BaseRole };
            db.AccessRoles.Add(role);
        }
        else
        {
            role = await db.AccessRoles.Include(r => r.Grants).FirstOrDefaultAsync(r => r.Id == id, ct);
            if (role is null)
            {
                return Result<AccessRoleView>.NotFound();
            }
            if (role.Version != expectedVersion)
            {
                return Result<AccessRoleView>.Conflict(null, "Error.EditConflict");
            }
            role.Version++;
        }
        role.Name = name;
        role.BaseRole = input.BaseRole;
        role.Grants.Clear();
        foreach (var entity in BuiltInRoles.Entities)
        {
            foreach (var action in BuiltInRoles.Actions)
            {
                role.Grants.Add(new AccessRoleGrant { Entity = entity, Action = action, Scope = input.Scopes.GetValueOrDefault((entity, action), AccessScope.None) });
            }
        }
        try
        {
            await db.SaveChangesAsync(ct);
            if (id is not null)
            {
                // Users of a role that changed its base role sign in with the new Identity role from now on.
                var roleIds = await db.Roles.Where(r => r.Name == input.BaseRole).Select(r => r.Id).ToListAsync(ct);
                var users = await db.Users.Where(u => u.AccessRoleId == role.Id).Select(u => u.Id).ToListAsync(ct);
                foreach (var userId in users)
                {
                    await db.UserRoles.Where(ur => ur.UserId == userId).ExecuteDeleteAsync(ct);
                    db.UserRoles.AddRange(roleIds.Select(r => new Microsoft.AspNetCore.Identity.IdentityUserRole<string> { UserId = userId, RoleId = r }));
                }
                await db.SaveChangesAsync(ct);
            }
        }
        catch (DbUpdateConcurrencyException)
        {
            return Result<AccessRoleView>.Conflict(null, "Error.EditConflict");
        }
        await profiles.ChangedAsync(actor, ct);
        return Result<AccessRoleView>.Ok((await RolesAsync(ct)).First(r => r.Id == role.Id));
    }

    /// <summary>Deletes a role of the admin's own that no user has.</summary>
    public async Task<Result<bool>> DeleteRoleAsync(int id, Actor actor, CancellationToken ct = default)
    {
        if (!AccessPolicy.MayManageSettings(actor))
        {
            return Result<bool>.Forbidden();
        }
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var role = await db.AccessRoles.FirstOrDefaultAsync(r => r.Id == id, ct);
        if (role is null)
        {
            return Result<bool>.NotFound();
        }
        if (role.IsBuiltIn || await db.Users.AnyAsync(u => u.AccessRoleId == id, ct))
        {
            return Result<bool>.Invalid([new FieldError("Name", role.IsBuiltIn ? "Roles.BuiltIn" : "Roles.InUse")]);
        }
        db.AccessRoles.Remove(role);
        await db.SaveChangesAsync(ct);
        return Result<bool>.Ok(true);
    }
}
