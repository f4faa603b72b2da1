using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CrmBlazor.Core.Data;

/// <summary>
/// Stamps every <see cref="IAudited"/> row a save adds or changes: when (from the injected <see cref="TimeProvider"/>)
/// and by whom (<see cref="CrmDbContext.ActingUserId"/>, set by
/// <see cref="CrmDbContextFactoryExtensions.CreateDbContextAsync(IDbContextFactory{CrmDbContext}, Actor, CancellationToken)"/>).
/// Registered for both providers by <see cref="DependencyInjection.AddCrmCore"/>.
/// </summary>
public sealed class AuditInterceptor(TimeProvider clock) : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Stamp(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Stamp(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private void Stamp(DbContext? context)
    {
        if (context is null)
        {
            return;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var by = (context as CrmDbContext)?.ActingUserId;
        foreach (var entry in context.ChangeTracker.Entries<IAudited>())
        {
            var row = entry.Entity;
            if (entry.State == EntityState.Added)
            {
                if (row.CreatedAt == default)
                {
                    row.CreatedAt = now;
                }
                row.CreatedById ??= by;
                if (row.UpdatedAt == default)
                {
                    row.UpdatedAt = row.CreatedAt;
                }
                row.UpdatedById ??= row.CreatedById;
            }
            else if (entry.State == EntityState.Modified)
            {
                row.UpdatedAt = now;
                row.UpdatedById = by;
            }
        }
    }
}

public static class CrmDbContextFactoryExtensions
{
    /// <summary>
    /// A context for a use case that <paramref name="actor"/> runs: what it saves is stamped as theirs
    /// (<see cref="AuditInterceptor"/>). Read-only use cases open a plain context.
    /// </summary>
    public static async Task<CrmDbContext> CreateDbContextAsync(this IDbContextFactory<CrmDbContext> factory, Actor actor, CancellationToken ct = default)
    {
        var db = await factory.CreateDbContextAsync(ct);
        db.ActingUserId = actor.UserId;
        return db;
    }
}
