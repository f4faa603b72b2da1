using CrmBlazor.Core.Deals;

namespace CrmBlazor.Components.Pages.Deals;

/// <summary>A move asked for from a card's menu rather than by dragging.</summary>
public sealed record StageMove(DealCard Card, int StageId);
