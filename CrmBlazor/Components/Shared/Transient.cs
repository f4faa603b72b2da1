using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Components.Shared;

/// <summary>Failures of the database itself (unreachable, busy, refusing a write) that a user action can report and survive.</summary>
public static class Transient
{
    public static bool IsDatabaseFailure(Exception ex) => ex is DbException or DbUpdateException or TimeoutException;
}
