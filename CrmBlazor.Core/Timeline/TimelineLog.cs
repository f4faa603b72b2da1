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
        var entry = new TimelineEntry
        {
            ElementKind = element.Kind,
            ElementId = element.Id,
            Kind = kind,
            AuthorId = authorId,
            At = at,
            Text = Truncate(text, TimelineRules.CommentMaxLength),
            RelatedKind = relatedKind,
            RelatedId = relatedId,
        };
        db.TimelineEntries.Add(entry);
        return entry;
    }

    /// <summary>Adds the "created" entry of an element that is being added in the same save (its id is not known yet).</summary>
    public static void Created(CrmDbContext db, object element, ElementKind kind, string? authorId, DateTime at, string? text = null, ElementRef? from = null)
    {
        var entry = new TimelineEntry
        {
            ElementKind = kind,
            Kind = TimelineKind.Created,
            AuthorId = authorId,
            At = at,
            Text = Truncate(text, TimelineRules.ValueMaxLength),
            RelatedKind = from?.Kind.ToString(),
            RelatedId = from?.Id,
        };
        // The element's key is generated on insert; the context copies it into the entry (see CrmDbContext.SaveChangesAsync).
        db.PendingKeys.Add(new PendingKey(entry, element, (e, id) => e.ElementId = id));
    }

    /// <summary>Adds an entry pointing at an activity (or other record) that is being added in the same save.</summary>
    public static void AddPointingAtNew(CrmDbContext db, ElementRef element, TimelineKind kind, string? authorId, DateTime at, string? text, object related)
    {
        var entry = new TimelineEntry
        {
            ElementKind = element.Kind,
            ElementId = element.Id,
            Kind = kind,
            AuthorId = authorId,
            At = at,
            Text = Truncate(text, TimelineRules.CommentMaxLength),
            RelatedKind = related.GetType().Name,
        };
        db.PendingKeys.Add(new PendingKey(entry, related, (e, id) => e.RelatedId = id));
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
            db.TimelineEntries.Add(new TimelineEntry
            {
                ElementKind = element.Kind,
                ElementId = element.Id,
                Kind = TimelineKind.FieldChanged,
                AuthorId = authorId,
                At = at,
                Field = change.Field,
                OldValue = Truncate(change.Old, TimelineRules.ValueMaxLength),
                NewValue = Truncate(change.New, TimelineRules.ValueMaxLength),
            });
        }
    }

    /// <summary>A stage change of a deal that is being added in the same save (the demo data's history).</summary>
    public static void PendingStageChange(CrmDbContext db, object deal, string? authorId, DateTime at, string fromStage, string toStage)
    {
        var entry = new TimelineEntry { ElementKind = ElementKind.Deal, Kind = TimelineKind.StageChanged, AuthorId = authorId, At = at, OldValue = fromStage, NewValue = toStage };
        db.PendingKeys.Add(new PendingKey(entry, deal, (e, id) => e.ElementId = id));
    }

    public static void StageChanged(CrmDbContext db, ElementRef element, string? authorId, DateTime at, string fromStage, string toStage) =>
        db.TimelineEntries.Add(new TimelineEntry
        {
            ElementKind = element.Kind,
            ElementId = element.Id,
            Kind = TimelineKind.StageChanged,
            AuthorId = authorId,
            At = at,
            OldValue = fromStage,
            NewValue = toStage,
        });

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
