namespace CrmBlazor.Components.Pages.Deals;

/// <summary>The actions menu asked for on a card, with the click that asked (the menu opens where it happened).</summary>
public sealed record CardActions(DealCard Card, Microsoft.AspNetCore.Components.Web.MouseEventArgs Click);
