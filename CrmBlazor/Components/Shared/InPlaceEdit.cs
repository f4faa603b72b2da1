using System.Text.Json;

namespace CrmBlazor.Components.Shared;

/// <summary>
/// An element page's fields shown as text and edited in place, one at a time (Bitrix24's way): a click, Enter or F2 on a
/// field's text turns it into its input; Enter or leaving it saves that change, Escape drops it. The page makes one,
/// cascades it over its one form (<c>DealForm</c>, <c>LeadForm</c>, ...), whose <see cref="InPlaceField"/>s ask it, and
/// gives it its save: the whole input through the same Core use case and version as before, which differs from what
/// was loaded only in the field being edited. Outside a page (a dialog) there is none and the form edits as usual.
/// </summary>
/// <param name="unchanged">The fields hold what was loaded (the page's own comparison); none: never unsaved.</param>
public sealed class InPlaceEdit(Func<Task<bool>> save, Func<Task> reset, Action changed, Func<bool>? unchanged = null)
{
    private Task _pending = Task.CompletedTask;
    private readonly Dictionary<string, string> _labels = new(StringComparer.Ordinal);
    private readonly HashSet<string> _choices = new(StringComparer.Ordinal);

    /// <summary>The field being edited (its name in the form's input); null while all read as text.</summary>
    public string? Editing { get; private set; }

    /// <summary>
    /// The field being edited holds what the user typed and has not saved yet (as the server has it; the editor says
    /// so in <c>data-unsaved</c>, and another user's save then warns rather than reloads).
    /// </summary>
    public bool Unsaved => Editing is not null && unchanged is not null && !unchanged();

    /// <summary>The user may change the element: its fields can be opened for editing.</summary>
    public bool CanEdit { get; set; }

    /// <summary>The field whose editing ended by a key: its text takes the focus back.</summary>
    public string? FocusBack { get; set; }

    /// <summary>
    /// A field's save in progress (or done). Another write of the page (the stage bar) waits for it, so it works on the
    /// version that save made rather than losing to it as a conflict.
    /// </summary>
    public Task Settled => _pending;

    public void Start(string field)
    {
        if (!CanEdit)
        {
            return;
        }
        Editing = field;
        changed();
    }

    /// <summary>Saves the field being edited; it reads as text again unless the save was refused (its error shows next to it).</summary>
    public Task CommitAsync(string field)
    {
        if (Editing != field)
        {
            return Task.CompletedTask;
        }
        var run = RunAsync(field, _pending);
        _pending = run;
        return run;
    }

    /// <summary>Escape: the field reads as text again, with the saved value.</summary>
    public async Task CancelAsync(string field)
    {
        if (Editing != field)
        {
            return;
        }
        Editing = null;
        await reset();
        changed();
    }

    /// <summary>A field that saves as soon as a value is chosen (a list, a lookup): no Enter needed.</summary>
    public Task ChosenAsync(string field)
    {
        _choices.Add(field);
        return CommitAsync(field);
    }

    /// <summary>The field is a choice (a list, a lookup: saved as soon as chosen), not typed text.</summary>
    public bool IsChoice(string field) => _choices.Contains(field);

    /// <summary>Each field says its label as it renders, so a message can name it.</summary>
    public void Named(string field, string label) => _labels[field] = label;

    /// <summary>
    /// The labels of the page's fields whose values differ between two inputs of the element: what another user's save
    /// changed, for the user whose save came second and was refused.
    /// </summary>
    public IReadOnlyList<string> ChangedLabels(object? before, object? after)
    {
        var (was, now) = (JsonSerializer.SerializeToElement(before), JsonSerializer.SerializeToElement(after));
        if (was.ValueKind != JsonValueKind.Object || now.ValueKind != JsonValueKind.Object)
        {
            return [];
        }
        var changed = new List<string>();
        foreach (var property in was.EnumerateObject())
        {
            if (now.TryGetProperty(property.Name, out var value) && property.Value.GetRawText() != value.GetRawText()
                && _labels.TryGetValue(property.Name, out var label) && !changed.Contains(label))
            {
                changed.Add(label);
            }
        }
        return changed;
    }

    /// <summary>What a refused save says: who saved first (when known) and which fields they changed (when any of the page's).</summary>
    public static string ConflictMessage(IStringLocalizer L, string? savedBy, IReadOnlyList<string> changed) =>
        (string.IsNullOrEmpty(savedBy), changed.Count == 0) switch
        {
            (true, true) => L["InPlace.ConflictSomeone"],
            (false, true) => L["InPlace.Conflict", savedBy!],
            (true, false) => L["InPlace.ConflictSomeoneChanged", string.Join(", ", changed)],
            (false, false) => L["InPlace.ConflictChanged", savedBy!, string.Join(", ", changed)],
        };

    /// <summary>True when two inputs hold the same values (nothing to save).</summary>
    public static bool Same(object? typed, object? saved) => JsonSerializer.Serialize(typed) == JsonSerializer.Serialize(saved);

    private async Task RunAsync(string field, Task before)
    {
        await before;
        if (Editing != field)
        {
            return;
        }
        if (await save() && Editing == field)
        {
            Editing = null;
        }
        changed();
    }
}
