namespace CrmBlazor.Core.Common;

/// <summary>
/// A row users edit together. <see cref="Version"/> is an optimistic concurrency token: the context bumps it on every
/// update and the UPDATE only succeeds while the row still has the version that was read.
/// </summary>
public interface IVersioned
{
    int Version { get; set; }
}
