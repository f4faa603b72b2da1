namespace CrmBlazor.Core.Team;

/// <summary>A part of the team: departments form a tree (<see cref="ParentId"/>), each with an optional head.</summary>
public class Department : IVersioned
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public int? ParentId { get; set; }
    public string? HeadUserId { get; set; }
    public int Version { get; set; }
}
