namespace CrmBlazor.Core.Common;

/// <summary>One page of a list paged on the server, and how many items the whole list has.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Total);

/// <summary>An element as a picker offers it: its id and name.</summary>
public sealed record Lookup(int Id, string Name);
