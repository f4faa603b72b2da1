using Microsoft.Playwright;

namespace CrmBlazor.Tests.Infrastructure;

/// <summary>The deal board's hooks for browser tests: its columns, its cards, their menus, and dragging a card with the mouse.</summary>
public static class BoardPage
{
    public static ILocator Column(IPage page, int stageId) => page.Locator($".board-column[data-stage-id='{stageId}']");

    /// <summary>A card that can be dragged now: draggable, on a board whose drag and drop script is attached.</summary>
    public static ILocator Draggable(IPage page, int dealId) => page.Locator($".board-host[data-drag-ready] [data-deal-id='{dealId}'][draggable='true']");

    /// <summary>
    /// A card's actions button, on a board whose script is attached: the script hears the button's click (the card is
    /// markup on the server, with no handler of its own), so a click before it would do nothing.
    /// </summary>
    public static ILocator Actions(IPage page, int dealId, string title) =>
        page.Locator($".board-host[data-drag-ready] [data-deal-id='{dealId}']").GetByRole(AriaRole.Button, new() { Name = $"Actions for {title}" });

    public static ILocator DropArea(IPage page, int stageId) => Column(page, stageId).Locator(".column-cards");

    /// <summary>Drags a card onto a column with real mouse events (which Chromium turns into HTML5 drag and drop).</summary>
    public static Task DragAsync(IPage page, int dealId, int stageId) => Draggable(page, dealId).DragToAsync(DropArea(page, stageId));
}
