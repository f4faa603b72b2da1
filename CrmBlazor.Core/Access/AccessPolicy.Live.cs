namespace CrmBlazor.Core.Access;

public static partial class AccessPolicy
{
    /// <summary>
    /// The event types <see cref="Shown"/> has a rule for. An event type without one is shown to nobody (a test checks
    /// that every type of <see cref="CrmEvent"/> is here).
    /// </summary>
    public static readonly IReadOnlySet<Type> LiveEventTypes = new HashSet<Type>
    {
        typeof(DealChanged), typeof(LeadChanged), typeof(ActivityChanged), typeof(TimelineChanged), typeof(CountersDue),
        typeof(ElementChanged), typeof(ProductChanged), typeof(PipelineChanged), typeof(Calls.IncomingCall),
        typeof(ImportProgressed), typeof(ElementHidden), typeof(AccessChanged), typeof(RecycleBin.ElementsRemoved),
        typeof(CustomFieldsChanged), typeof(Mail.MailArrived), typeof(Mail.MailRead), typeof(Webhooks.WebhooksChanged), typeof(Webhooks.WebhookSwitchedOff),
        typeof(Activities.ActivityReminder),
        typeof(Currencies.CurrenciesChanged), typeof(Leads.LeadOptionsChanged),
        typeof(SavedViews.SavedViewsChanged),
    };

    /// <summary>
    /// What <paramref name="reader"/> may hear of <paramref name="change"/>: the event itself, a version without what
    /// they may not read, or null (nothing). Every live page (through <c>LiveView</c>) and every hub connection hears
    /// events only through this, with the reader's cached profile: no query, so it is cheap per receiver.
    /// </summary>
    /// <remarks>
    /// A deal that leaves the reader's scope arrives as the change with <see cref="DealChanged.After"/> null (the card
    /// leaves their board, its column's count and sums follow) and one that enters it with <see cref="DealChanged.Before"/>
    /// null; a lead, contact or company that leaves it arrives as <see cref="ElementHidden"/>. Activities and comments are
    /// heard by readers of their element; an activity's rows only by readers of the activity (decision 005's "own":
    /// responsible, planner, or the owner of its element).
    /// </remarks>
    public static CrmEvent? Shown(CrmEvent change, Actor reader) => change switch
    {
        DealChanged deal => ShownDeal(deal, reader),
        LeadChanged lead => ShownMoved(lead, reader, AccessEntity.Lead, ElementRef.Lead(lead.LeadId), lead.Row.ResponsibleUserId,
            lead.PreviousResponsibleUserId ?? lead.Row.ResponsibleUserId),
        ElementChanged element => ShownMoved(element, reader, EntityOf(element.Element.Kind), element.Element, element.ResponsibleUserId,
            element.Created ? element.ResponsibleUserId : element.PreviousResponsibleUserId ?? element.ResponsibleUserId),
        ActivityChanged activity => ShownActivity(activity, reader),
        TimelineChanged timeline => MayRead(reader, EntityOf(timeline.Element.Kind), timeline.ElementResponsibleUserId) ? timeline : null,
        ProductChanged => MayAtAll(reader, AccessEntity.Product, AccessAction.Read) ? change : null,
        Calls.IncomingCall call => call.UserId == reader.UserId ? call : null,
        // A notice for the responsible user only (the element's timeline hears the mail through TimelineChanged).
        Mail.MailArrived mail => mail.UserId == reader.UserId ? mail : null,
        Mail.MailRead read => read.UserId == reader.UserId ? read : null,
        // A reminder is for the activity's responsible user alone.
        Activities.ActivityReminder reminder => reminder.UserId == reader.UserId ? reminder : null,
        // Ids of users and pipelines, an import run's counts, the pipelines' and custom fields' structure, ids of
        // records gone from the lists (deleted, restored, merged): no record's data.
        CountersDue or PipelineChanged or ImportProgressed or AccessChanged or RecycleBin.ElementsRemoved or CustomFieldsChanged => change,
        // A saved view is its owner's; a shared one (or one that was shared until now) everyone's menus show.
        SavedViews.SavedViewsChanged view => view.SeenByTeam || view.OwnerId == reader.UserId ? view : null,
        // Currencies and rates are for everyone (no record's data).
        Currencies.CurrenciesChanged => change,
        // Lead statuses, sources and junk reasons are for everyone (no record's data; decision 030).
        Leads.LeadOptionsChanged => change,
        // The webhooks' settings page and the notice that one was switched off: admins only (no record's data).
        Webhooks.WebhooksChanged or Webhooks.WebhookSwitchedOff => MayManageWebhooks(reader) ? change : null,
        // Already made for this reader.
        ElementHidden => change,
        _ => null,
    };

    /// <summary>The entity of an element kind.</summary>
    public static AccessEntity EntityOf(ElementKind kind) => kind switch
    {
        ElementKind.Lead => AccessEntity.Lead,
        ElementKind.Contact => AccessEntity.Contact,
        ElementKind.Company => AccessEntity.Company,
        _ => AccessEntity.Deal,
    };

    private static DealChanged? ShownDeal(DealChanged deal, Actor reader)
    {
        var before = deal.Before is { } b && MayRead(reader, AccessEntity.Deal, b.ResponsibleUserId);
        var after = deal.After is { } a && MayRead(reader, AccessEntity.Deal, a.ResponsibleUserId);
        if (!before && !after)
        {
            return null;
        }
        return before == (deal.Before is not null) && after == (deal.After is not null)
            ? deal
            : deal with { Before = before ? deal.Before : null, After = after ? deal.After : null };
    }

    private static CrmEvent? ShownMoved(CrmEvent change, Actor reader, AccessEntity entity, ElementRef element, string? owner, string? ownerBefore)
    {
        if (MayRead(reader, entity, owner))
        {
            return change;
        }
        return MayRead(reader, entity, ownerBefore)
            ? new ElementHidden
            {
                Element = element,
                On = [.. change.Topics.Where(t => !LiveTopics.IsUser(t))],
                ActorId = change.ActorId,
                ActorName = change.ActorName,
                OccurredAt = change.OccurredAt,
                Sequence = change.Sequence,
                IsRemote = change.IsRemote,
            }
            : null;
    }

    private static ActivityChanged? ShownActivity(ActivityChanged activity, Actor reader)
    {
        var before = activity.Before is { } b && MayReadActivity(reader, b.ResponsibleUserId, b.CreatedById, activity.ElementResponsibleUserId);
        var after = activity.After is { } a && MayReadActivity(reader, a.ResponsibleUserId, a.CreatedById, activity.ElementResponsibleUserId);
        if (before || after)
        {
            return before == (activity.Before is not null) && after == (activity.After is not null)
                ? activity
                : activity with { Before = before ? activity.Before : null, After = after ? activity.After : null };
        }
        // Not the reader's activity, but on an element they read: they hear that its activities changed (a card's
        // mark on the board, a page's list), not what the activity is.
        return MayRead(reader, EntityOf(activity.Element.Kind), activity.ElementResponsibleUserId)
            ? activity with { Before = null, After = null }
            : null;
    }

    /// <summary>
    /// Whether <paramref name="reader"/> reads an activity of <paramref name="responsibleUserId"/>, planned by
    /// <paramref name="createdById"/>, on an element of <paramref name="elementOwnerId"/>: the rule of
    /// <see cref="VisibleActivities"/> for one activity.
    /// </summary>
    public static bool MayReadActivity(Actor reader, string responsibleUserId, string? createdById, string? elementOwnerId) =>
        ScopeOf(reader, AccessEntity.Activity, AccessAction.Read) switch
        {
            AccessScope.All => true,
            AccessScope.None => false,
            var scope => responsibleUserId == reader.UserId || createdById == reader.UserId || elementOwnerId == reader.UserId
                || (scope == AccessScope.Department && InTeam(reader, responsibleUserId)),
        };
}
