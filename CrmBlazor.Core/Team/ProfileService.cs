using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace CrmBlazor.Core.Team;

/// <summary>What every user keeps for themselves (their display name, password and language), and the one-time set-password link.</summary>
public sealed class ProfileService(IDbContextFactory<CrmDbContext> contextFactory, IServiceScopeFactory scopes, AccessProfiles profiles)
{
    public static readonly IReadOnlyList<string> Languages = ["en", "pl"];

    public async Task<ProfileView?> GetAsync(Actor actor, CancellationToken ct = default)
    {
        await using var context = await contextFactory.CreateDbContextAsync(ct);
        var user = await context.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == actor.UserId, ct);
        if (user is null)
        {
            return null;
        }
        var department = await context.Departments.Where(d => d.Id == user.DepartmentId).Select(d => d.Name).FirstOrDefaultAsync(ct);
        var role = actor.Access?.RoleName ?? string.Join(", ", actor.Roles);
        return new ProfileView(user.Email ?? "", user.DisplayName, user.Language, role, department, actor.Access?.RoleId ?? 0);
    }

    public async Task<Result<ProfileView>> SaveAsync(string displayName, string? language, Actor actor, CancellationToken ct = default)
    {
        var v = new Validator().Required("DisplayName", displayName).MaxLength("DisplayName", displayName, 100);
        if (language is not null && !Languages.Contains(language))
        {
            v.Add("Language", "Validation.Required");
        }
        if (!v.IsValid)
        {
            return Result<ProfileView>.Invalid(v.Errors);
        }
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CrmUser>>();
        var user = await users.FindByIdAsync(actor.UserId);
        if (user is null)
        {
            return Result<ProfileView>.NotFound();
        }
        user.DisplayName = displayName.Trim();
        user.Language = language;
        await users.UpdateAsync(user);
        profiles.Invalidate();
        return Result<ProfileView>.Ok((await GetAsync(actor, ct))!);
    }

    /// <summary>Changes the actor's password; the current one is required. Their other sessions end (the stamp changes).</summary>
    public async Task<Result<bool>> ChangePasswordAsync(string currentPassword, string newPassword, Actor actor)
    {
        var v = new Validator().Required("CurrentPassword", currentPassword).Required("NewPassword", newPassword);
        if (!v.IsValid)
        {
            return Result<bool>.Invalid(v.Errors);
        }
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CrmUser>>();
        var user = await users.FindByIdAsync(actor.UserId);
        if (user is null)
        {
            return Result<bool>.NotFound();
        }
        var result = await users.ChangePasswordAsync(user, currentPassword, newPassword);
        if (result.Succeeded)
        {
            return Result<bool>.Ok(true);
        }
        return Result<bool>.Invalid(result.Errors.Any(e => e.Code == "PasswordMismatch")
            ? [new FieldError("CurrentPassword", "Identity.PasswordMismatch")]
            : IdentityErrors.ToFieldErrors(result, "NewPassword"));
    }

    /// <summary>Sets a password from a one-time link; the token then stops working (the security stamp changes).</summary>
    public async Task<Result<bool>> SetPasswordAsync(string userId, string token, string newPassword)
    {
        if (string.IsNullOrWhiteSpace(newPassword))
        {
            return Result<bool>.Invalid([new FieldError("NewPassword", "Validation.Required")]);
        }
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CrmUser>>();
        var user = await users.FindByIdAsync(userId);
        if (user is null || !user.IsActive)
        {
            return Result<bool>.Invalid([new FieldError("Token", "Identity.InvalidToken")]);
        }
        var result = await users.ResetPasswordAsync(user, token, newPassword);
        if (result.Succeeded)
        {
            return Result<bool>.Ok(true);
        }
        return Result<bool>.Invalid(result.Errors.Any(e => e.Code == "InvalidToken")
            ? [new FieldError("Token", "Identity.InvalidToken")]
            : IdentityErrors.ToFieldErrors(result, "NewPassword"));
    }
}
