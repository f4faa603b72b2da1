namespace CrmBlazor.Core.Team;

/// <summary>A user as the admin's list shows them.</summary>
public sealed record UserRow(string Id, string Email, string DisplayName, int RoleId, string RoleName, int? DepartmentId, string? DepartmentName, bool IsActive);

/// <summary>The admin list's search and filters; null filters match everyone.</summary>
public sealed record UserQuery(string? Search = null, int? RoleId = null, int? DepartmentId = null, bool? Active = null);

/// <summary>A user the admin adds: they get no password, only a one-time link to set one.</summary>
public sealed record NewUser(string Email, string DisplayName, int RoleId, int? DepartmentId);

/// <summary>
/// What a one-time set-password link needs: the user and an Identity password-reset token, valid until it is used (the
/// user's security stamp changes then) or until it expires.
/// </summary>
public sealed record SetPasswordTicket(string UserId, string Token);

/// <summary>How many open records a reassignment moved to the other user.</summary>
public sealed record Reassigned(int Leads, int Deals, int Activities);

/// <summary>A user's own settings.</summary>
public sealed record ProfileView(string Email, string DisplayName, string? Language, string RoleName, string? DepartmentName, int RoleId = 0);

/// <summary>A role and department choice for the admin's forms.</summary>
public sealed record TeamChoices(IReadOnlyList<Lookup> Roles, IReadOnlyList<Lookup> Departments);
