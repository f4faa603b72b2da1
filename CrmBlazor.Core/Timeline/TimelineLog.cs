namespace CrmBlazor.Core.Timeline;

/// <summary>
/// Adds timeline entries to a context that a use case is about to save, so an entry commits (or not) together with the
/// change it describes.
/// </summary>
internal static class TimelineLog
{
    public static TimelineEntry Add(CrmDbContext db, ElementRef element, TimelineKind kind, string? authorId, DateTime at,
        string? text = null, string? relatedKind = null, int? relatedId = null)
    {
        var entry = Make(element, kind, authorId, at, text, relatedKind, relatedId);
        db.TimelineEntries.Add(entry);
        return entry;
    }

    /// <summary>The entry <see cref="Add"/> adds, not added to any context (for a bulk insert).</summary>
    internal static TimelineEntry Make(ElementRef element, TimelineKind kind, string? authorId, DateTime at,
        string? text = null, string? relatedKind = null, int? relatedId = null)
    {
        var entry = NewEntry(element.Kind, kind, authorId, at, element.Id);
        entry.Text = Truncate(text, TimelineRules.CommentMaxLength);
        entry.RelatedKind = relatedKind;
        entry.RelatedId = relatedId;
        return entry;
    }

    /// <summary>Adds the "created" entry of an element that is being added in the same save (its id is not known yet).</summary>
    public static void Created(CrmDbContext db, object element, ElementKind kind, string? authorId, DateTime at, string? text = null, ElementRef? from = null)
    {
        var entry = NewEntry(kind, TimelineKind.Created, authorId, at);
        entry.Text = Truncate(text, TimelineRules.ValueMaxLength);
        entry.RelatedKind = from?.Kind.ToString();
        entry.RelatedId = from?.Id;
        // The element's key is generated on insert; the context copies it into the entry (see CrmDbContext.SaveChangesAsync).
        db.PendingKeys.Add(new PendingKey(entry, element, (e, id) => e.ElementId = id));
    }

    /// <summary>Adds an entry pointing at an activity (or other record) that is being added in the same save.</summary>
    public static TimelineEntry AddPointingAtNew(CrmDbContext db, ElementRef element, TimelineKind kind, string? authorId, DateTime at, string? text, object related)
    {
        var entry = NewEntry(element.Kind, kind, authorId, at, element.Id);
        entry.Text = Truncate(text, TimelineRules.CommentMaxLength);
        entry.RelatedKind = related.GetType().Name;
        db.PendingKeys.Add(new PendingKey(entry, related, (e, id) => e.RelatedId = id));
        return entry;
    }

    /// <summary>One <see cref="TimelineKind.FieldChanged"/> entry per field whose shown value differs.</summary>
    public static void Changes(CrmDbContext db, ElementRef element, string? authorId, DateTime at, params FieldChange[] changes)
    {
        foreach (var change in changes)
        {
            if (string.Equals(change.Old ?? "", change.New ?? "", StringComparison.Ordinal))
            {
                continue;
            }
            var entry = NewEntry(element.Kind, TimelineKind.FieldChanged, authorId, at, element.Id);
            entry.Field = change.Field;
            entry.OldValue = Truncate(change.Old, TimelineRules.ValueMaxLength);
            entry.NewValue = Truncate(change.New, TimelineRules.ValueMaxLength);
            db.TimelineEntries.Add(entry);
        }
    }

    /// <summary>A stage change of a deal that is being added in the same save (the demo data's history).</summary>
    public static void PendingStageChange(CrmDbContext db, object deal, string? authorId, DateTime at, string fromStage, string toStage)
    {
        var entry = StageEntry(ElementKind.Deal, authorId, at, fromStage, toStage);
        db.PendingKeys.Add(new PendingKey(entry, deal, (e, id) => e.ElementId = id));
    }

    public static void StageChanged(CrmDbContext db, ElementRef element, string? authorId, DateTime at, string fromStage, string toStage) =>
        db.TimelineEntries.Add(StageEntry(element.Kind, authorId, at, fromStage, toStage, element.Id));

    private static TimelineEntry StageEntry(ElementKind elementKind, string? authorId, DateTime at, string fromStage, string toStage, int elementId = 0)
    {
        var entry = NewEntry(elementKind, TimelineKind.StageChanged, authorId, at, elementId);
        entry.OldValue = fromStage;
        entry.NewValue = toStage;
        return entry;
    }

    /// <summary>What every entry has: whose history it is in, what happened, who did it and when (an element id of 0 is set on save).</summary>
    private static TimelineEntry NewEntry(ElementKind elementKind, TimelineKind kind, string? authorId, DateTime at, int elementId = 0) =>
        new() { ElementKind = elementKind, ElementId = elementId, Kind = kind, AuthorId = authorId, At = at };

    private static string? Truncate(string? value, int max) => value is null || value.Length <= max ? value : value[..(max - 1)] + "…";
}

/// <summary>A timeline entry waiting for the generated key of <paramref name="Keyed"/>, which <paramref name="Assign"/> copies into it.</summary>
internal sealed record PendingKey(TimelineEntry Entry, object Keyed, Action<TimelineEntry, int> Assign);

/// <summary>A field's shown value before and after a change (money as "1234.50 PLN", people and companies by name).</summary>
internal readonly record struct FieldChange(string Field, string? Old, string? New)
{
    /// <summary>An amount with as many decimals as its currency has (JPY 0, PLN 2, KWD 3) and its code.</summary>
    public static string? Money(decimal? amount, string? currency) =>
        amount is null ? null
            : $"{amount.Value.ToString("F" + CurrencyDecimals.Of(currency ?? ""), System.Globalization.CultureInfo.InvariantCulture)} {currency}".TrimEnd();
}
