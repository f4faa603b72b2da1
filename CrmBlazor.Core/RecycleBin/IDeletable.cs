namespace CrmBlazor.Core.RecycleBin;

/// <summary>
/// A lead, contact or company that can be deleted into the recycle bin: a deleted one keeps its row (and every link to
/// it) with <see cref="DeletedAt"/> set, and a global query filter hides it from every query (decision 020).
/// </summary>
public interface IDeletable
{
    DateTime? DeletedAt { get; set; }
    string? DeletedById { get; set; }
}
