namespace CrmBlazor.Core.SavedViews;

/// <summary>The lists that have saved views; the deal board and the deal list share theirs (one filter, two views).</summary>
public static class SavedViewLists
{
    public const string Leads = "leads";
    public const string Contacts = "contacts";
    public const string Companies = "companies";
    public const string Deals = "deals";
    public const string Products = "products";
    public const string Activities = "activities";

    public static readonly IReadOnlyList<string> All = [Leads, Contacts, Companies, Deals, Products, Activities];
}

/// <summary>
/// A named filter set of one list (decision 028): the list's address query (its filters and sort, as the page keeps
/// them in its address), its owner's alone or shared with the whole team.
/// </summary>
public class SavedView : AuditedEntity
{
    public int Id { get; set; }
    /// <summary>One of <see cref="SavedViewLists"/>.</summary>
    public required string List { get; set; }
    public required string Name { get; set; }
    /// <summary>The list's address query without the leading <c>?</c> (<c>q=acme&amp;mine=1</c>); empty: no filter.</summary>
    public string Query { get; set; } = "";
    public bool Shared { get; set; }
    public required string OwnerId { get; set; }
}

/// <summary>What happened to a saved view.</summary>
public enum SavedViewChangeKind
{
    Created,
    Renamed,
    Shared,
    Unshared,
    Deleted,
}

/// <summary>
/// A saved view of <see cref="List"/> was saved, renamed, shared with the team or taken back, or deleted (decision 028):
/// the views menus of that list reload. Heard by the view's owner, and by everyone when it is or was shared
/// (<see cref="AccessPolicy.Shown"/>). It carries ids only, no filter or name.
/// </summary>
public sealed record SavedViewsChanged : CrmEvent
{
    public required SavedViewChangeKind Kind { get; init; }
    public required string List { get; init; }
    public required int ViewId { get; init; }
    public required string OwnerId { get; init; }
    /// <summary>Whether the team sees it now, or saw it until this change: then every user's menu follows.</summary>
    public required bool SeenByTeam { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public override IReadOnlyList<string> Topics => [LiveTopics.SavedViews(List)];
}
