using System.Text.Json;
using System.Text.Json.Nodes;

namespace CrmBlazor.Components.Shared;

/// <summary>
/// What a user typed in a field open in place (<see cref="InPlaceEdit"/>) and has not saved, kept when the page's
/// circuit is lost and resumed (decision 032): a drop past the server's retention, or a server that paused its pages
/// to restart. Blazor persists a circuit's <see cref="PersistentComponentState"/> when it pauses or evicts it; this adds
/// the open field to it, and the resumed page, once it has read its element again, opens the same field with the same
/// text (<see cref="Resume{TInput}"/>). Only that one field is taken from what was kept: every other field is what the
/// page has just read, so a change another user saved meanwhile elsewhere in the element is not undone by the save.
/// Kept: a field of the input whose value differs from the one read (text, a number, a date, a block of custom
/// values); not kept: a choice (<see cref="InPlaceEdit.IsChoice"/>: a stage, a company, a responsible user), which is
/// saved as soon as it is made and would come back beside the name read for the old one, and a field whose name is no
/// property of the input.
/// </summary>
public sealed class KeptTyping : IDisposable
{
    /// <summary>Its key in the circuit's state (versioned: a circuit kept by an older build with another shape is ignored).</summary>
    public const string Key = "crm-kept-typing/v1";

    private readonly PersistingComponentStateSubscription _subscription;
    private Kept? _kept;

    /// <summary>The open field of an element: its value as the page had last read it, and as typed.</summary>
    public sealed record Kept(string Element, string Field, JsonElement Saved, JsonElement Typed);

    /// <param name="state">The circuit's state, restored when the circuit was resumed.</param>
    /// <param name="edit">The page's fields edited in place: which one is open, and whether it holds unsaved typing.</param>
    /// <param name="element">The element shown (null until read).</param>
    /// <param name="saved">Its input as read.</param>
    /// <param name="typed">Its input as the fields hold it now.</param>
    public KeptTyping(PersistentComponentState state, InPlaceEdit edit, Func<ElementRef?> element, Func<object?> saved, Func<object?> typed)
    {
        try
        {
            _kept = state.TryTakeFromJson<Kept>(Key, out var kept) ? kept : null;
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException)
        {
            _kept = null; // unreadable: nothing to resume, and the page opens as read
        }
        _subscription = state.RegisterOnPersisting(() =>
        {
            // Never throws: a failing callback would stop Blazor persisting the whole circuit, and the page would reload.
            try
            {
                if (edit.Unsaved && edit.Editing is { } field && !edit.IsChoice(field) && element() is { } shown
                    && Value(saved(), field) is { } was && Value(typed(), field) is { } now && !JsonElement.DeepEquals(was, now))
                {
                    state.PersistAsJson(Key, new Kept(shown.ToString(), field, was, now));
                }
            }
            catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException or ArgumentException)
            {
                // Not kept: the page comes back as it was read, as it did before typing was kept.
            }
            return Task.CompletedTask;
        }, Microsoft.AspNetCore.Components.Web.RenderMode.InteractiveServer);
    }

    /// <summary>
    /// After the page read <paramref name="element"/>: when a field of it was kept and the user may still edit it
    /// (<see cref="InPlaceEdit.CanEdit"/>), <paramref name="loaded"/> with that field as the user had typed it, and the
    /// field opened again in <paramref name="edit"/>; otherwise null. Taken once. <paramref name="changedMeanwhile"/> says
    /// another user saved that same field while the page was away: saving the typed text replaces their value, so the
    /// page tells the user.
    /// </summary>
    public TInput? Resume<TInput>(ElementRef element, TInput loaded, InPlaceEdit edit, out bool changedMeanwhile) where TInput : class =>
        (TInput?)Resume(element, (object)loaded, edit, out changedMeanwhile);

    /// <summary>As <see cref="Resume{TInput}"/>, for a page that knows its input only as an object (of its own type).</summary>
    public object? Resume(ElementRef element, object loaded, InPlaceEdit edit, out bool changedMeanwhile)
    {
        changedMeanwhile = false;
        if (_kept is not { } kept || kept.Element != element.ToString())
        {
            return null;
        }
        _kept = null;
        if (!edit.CanEdit)
        {
            return null; // no longer theirs to change (another responsible user, a closed lead): the page shows what is saved
        }
        object? resumed;
        try
        {
            if (JsonSerializer.SerializeToNode(loaded) is not JsonObject input || !input.TryGetPropertyValue(kept.Field, out var now))
            {
                return null;
            }
            changedMeanwhile = !JsonNode.DeepEquals(now, JsonSerializer.SerializeToNode(kept.Saved));
            input[kept.Field] = JsonSerializer.SerializeToNode(kept.Typed);
            resumed = input.Deserialize(loaded.GetType());
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException or ArgumentException)
        {
            changedMeanwhile = false;
            return null; // what was kept does not fit the input: nothing to resume
        }
        if (resumed is null)
        {
            return null;
        }
        edit.Start(kept.Field);
        return edit.Editing == kept.Field ? resumed : null;
    }

    private static JsonElement? Value(object? input, string field) =>
        input is not null && JsonSerializer.SerializeToElement(input) is { ValueKind: JsonValueKind.Object } json && json.TryGetProperty(field, out var value)
            ? value.Clone()
            : null;

    public void Dispose() => _subscription.Dispose();
}
