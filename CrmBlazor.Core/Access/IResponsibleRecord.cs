namespace CrmBlazor.Core.Access;

/// <summary>A record one user is responsible for (or nobody): what "own" and "department" scopes are measured by.</summary>
public interface IResponsibleRecord
{
    string? ResponsibleUserId { get; }
}
