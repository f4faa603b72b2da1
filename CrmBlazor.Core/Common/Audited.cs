namespace CrmBlazor.Core.Common;

/// <summary>
/// A row that records when and by whom it was created and last changed. <see cref="Data.AuditInterceptor"/> sets
/// these on every save from the clock and the context's acting user; services never set them by hand. A
/// <see cref="CreatedAt"/> already set on a new row (imported or demo data from the past) is kept.
/// </summary>
public interface IAudited
{
    DateTime CreatedAt { get; set; }
    /// <summary>Null when no user made it (seeding, the system).</summary>
    string? CreatedById { get; set; }
    DateTime UpdatedAt { get; set; }
    /// <summary>Null when the last change was the system's.</summary>
    string? UpdatedById { get; set; }
}

/// <summary>What the rows users edit together have in common: the audit fields and the optimistic concurrency version.</summary>
public abstract class AuditedEntity : IAudited, IVersioned
{
    public DateTime CreatedAt { get; set; }
    public string? CreatedById { get; set; }
    public DateTime UpdatedAt { get; set; }
    public string? UpdatedById { get; set; }
    public int Version { get; set; }
}
