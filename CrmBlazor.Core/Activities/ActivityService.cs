namespace CrmBlazor.Core.Activities;

/// <summary>
/// Calls, meetings, tasks and e-mails planned on leads, contacts, companies and deals. Planning and completing write
/// the element's timeline in the same transaction; every change is published once, after the commit, as an
/// <see cref="ActivityChanged"/>, which moves the counters of whoever was and is responsible.
/// </summary>
/// <remarks>
/// Who may do what: anyone may plan an activity on any element, for anyone (the team's elements are visible to the
/// team). Its responsible user, its author, managers and admins may edit, complete or delete it. Lists show a sales
/// user the activities they are responsible for or planned, and those on elements they are responsible for; managers
/// and admins see all.
/// </remarks>
public sealed class ActivityService(IDbContextFactory<CrmDbContext> contextFactory, ILiveUpdates live, CrmTime time)
{
    public async Task<Page<ActivityRow>> ListAsync(ActivityQuery query, Actor actor, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var activities = Listed(db, query, actor);
        var total = await activities.CountAsync(ct);
        var page = await Ordered(db, activities, query).Skip(Math.Max(0, query.Skip)).Take(Math.Clamp(query.Take, 1, 200)).ToListAsync(ct);
        return new Page<ActivityRow>(await RowsAsync(db, page, ct), total);
    }

    /// <summary>
    /// The API's list: the activities of <paramref name="query"/>'s filters (<see cref="ActivityQuery.Skip"/> and
    /// <see cref="ActivityQuery.Take"/> aside) among those <paramref name="actor"/> sees
    /// (<see cref="AccessPolicy.VisibleActivities"/>, in SQL), ordered by <paramref name="sort"/> and then the id, one
    /// keyset page (<see cref="Keyset"/>) read in one query with each row's element title and responsible user's name.
    /// </summary>
    /// <exception cref="KeysetCursorException">The cursor is not one of this sort and direction.</exception>
    public async Task<KeysetPage<ActivityRow>> ListAsync(ActivityQuery query, ActivitySort sort, bool descending, KeysetRequest page, Actor actor, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var activities = Listed(db, query, actor);
        var name = sort.ToString();
        var row = Row(db);
        return sort switch
        {
            ActivitySort.Id => await Keyset.PageAsync(activities, name, descending, a => a.Id, a => a.Id, row, page, ct),
            ActivitySort.CreatedAt => await Keyset.PageAsync(activities, name, descending, a => a.CreatedAt, a => a.Id, row, page, ct),
            ActivitySort.UpdatedAt => await Keyset.PageAsync(activities, name, descending, a => a.UpdatedAt, a => a.Id, row, page, ct),
            ActivitySort.CompletedAt => await Keyset.PageAsync(activities, name, descending, a => a.CompletedAt ?? a.Deadline, a => a.Id, row, page, ct),
            _ => await Keyset.PageAsync(activities, name, descending, a => a.Deadline, a => a.Id, row, page, ct),
        };
    }

    /// <summary>An activity's row as SQL: its element's title and its responsible user's name as subqueries, so a page is one query.</summary>
    private static System.Linq.Expressions.Expression<Func<Activity, ActivityRow>> Row(CrmDbContext db) => a => new ActivityRow(
        a.Id, a.Type, a.Subject, a.Description, DateTime.SpecifyKind(a.Deadline, DateTimeKind.Utc), a.DurationMinutes, a.Direction,
        a.ResponsibleUserId, db.Users.Where(u => u.Id == a.ResponsibleUserId).Select(u => u.DisplayName).FirstOrDefault(),
        a.ElementKind, a.ElementId,
        a.ElementKind == ElementKind.Lead ? db.Leads.Where(l => l.Id == a.ElementId).Select(l => l.Title).FirstOrDefault()
        : a.ElementKind == ElementKind.Contact ? db.Contacts.Where(c => c.Id == a.ElementId).Select(c => (c.FirstName + " " + (c.LastName ?? "")).Trim()).FirstOrDefault()
        : a.ElementKind == ElementKind.Company ? db.Companies.Where(c => c.Id == a.ElementId).Select(c => c.Name).FirstOrDefault()
        : db.Deals.Where(d => d.Id == a.ElementId).Select(d => d.Title).FirstOrDefault(),
        a.State, a.CompletedAt == null ? null : DateTime.SpecifyKind(a.CompletedAt.Value, DateTimeKind.Utc), a.Version, a.CreatedById, a.Outcome,
        a.ReminderMinutes);

    /// <summary>
    /// Every activity of <paramref name="query"/> the actor may see and whose responsible user their export scope reaches
    /// (the list's filters and order, no paging) in the list's rows, read in chunks as they are written out: the export.
    /// </summary>
    public async IAsyncEnumerable<ActivityRow> StreamAsync(ActivityQuery query, Actor actor, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        if (!AccessPolicy.MayAtAll(actor, AccessEntity.Activity, AccessAction.Export))
        {
            yield break;
        }
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        // The rows need a second query per chunk (names, element titles), so a second context keeps one reader per connection.
        await using var names = await contextFactory.CreateDbContextAsync(actor, ct);
        var chunk = new List<Activity>(500);
        // What the list shows, narrowed to whose activities the role's export scope reaches (the responsible user's).
        var exportable = AccessPolicy.Within(Listed(db, query, actor), actor, AccessPolicy.ScopeOf(actor, AccessEntity.Activity, AccessAction.Export));
        await foreach (var activity in Ordered(db, exportable, query).AsAsyncEnumerable().WithCancellation(ct))
        {
            chunk.Add(activity);
            if (chunk.Count == 500)
            {
                foreach (var row in await RowsAsync(names, chunk, ct))
                {
                    yield return row;
                }
                chunk.Clear();
            }
        }
        foreach (var row in await RowsAsync(names, chunk, ct))
        {
            yield return row;
        }
    }

    /// <summary>
    /// The activities in the list's order, in SQL: <see cref="ActivityQuery.SortBy"/> (names and titles case-insensitively,
    /// the deadline next, the id last so pages never overlap), or without one the period's own order.
    /// </summary>
    private static IOrderedQueryable<Activity> Ordered(CrmDbContext db, IQueryable<Activity> activities, ActivityQuery query)
    {
        if (query.SortBy is not { } sort)
        {
            return query.Period == ActivityPeriod.Done
                ? activities.OrderByDescending(a => a.CompletedAt).ThenByDescending(a => a.Id)
                : activities.OrderBy(a => a.Deadline).ThenBy(a => a.Id);
        }
        var descending = query.Descending;
        IOrderedQueryable<Activity> By<TKey>(System.Linq.Expressions.Expression<Func<Activity, TKey>> key) =>
            descending ? activities.OrderByDescending(key) : activities.OrderBy(key);
        var ordered = sort switch
        {
            ActivityListSort.Subject => By(a => a.Subject.ToLower()),
            ActivityListSort.Element => By(a =>
                a.ElementKind == ElementKind.Lead ? db.Leads.Where(l => l.Id == a.ElementId).Select(l => l.Title.ToLower()).FirstOrDefault()
                : a.ElementKind == ElementKind.Contact ? db.Contacts.Where(c => c.Id == a.ElementId).Select(c => (c.FirstName + " " + (c.LastName ?? "")).ToLower()).FirstOrDefault()
                : a.ElementKind == ElementKind.Company ? db.Companies.Where(c => c.Id == a.ElementId).Select(c => c.Name.ToLower()).FirstOrDefault()
                : db.Deals.Where(d => d.Id == a.ElementId).Select(d => d.Title.ToLower()).FirstOrDefault()),
            ActivityListSort.Responsible => By(a => db.Users.Where(u => u.Id == a.ResponsibleUserId).Select(u => u.DisplayName.ToLower()).FirstOrDefault()),
            _ => By(a => a.Deadline),
        };
        if (sort != ActivityListSort.Deadline)
        {
            ordered = descending ? ordered.ThenByDescending(a => a.Deadline) : ordered.ThenBy(a => a.Deadline);
        }
        return descending ? ordered.ThenByDescending(a => a.Id) : ordered.ThenBy(a => a.Id);
    }

    /// <summary>The activities a list query finds among those the actor sees, unordered.</summary>
    private IQueryable<Activity> Listed(CrmDbContext db, ActivityQuery query, Actor actor)
    {
        var activities = AccessPolicy.VisibleActivities(db, actor);
        if (query.MineOnly)
        {
            activities = activities.Where(a => a.ResponsibleUserId == actor.UserId);
        }
        if (query.Type is { } type)
        {
            activities = activities.Where(a => a.Type == type);
        }
        if (query.ElementKind is { } kind)
        {
            activities = activities.Where(a => a.ElementKind == kind);
        }
        var now = time.UtcNow;
        var (dayStart, dayEnd) = time.DayOf(now);
        var (weekStart, weekEnd) = time.WeekOf(now);
        activities = query.Period switch
        {
            ActivityPeriod.Overdue => activities.Where(a => a.State == ActivityState.Planned && a.Deadline < now),
            ActivityPeriod.Today => activities.Where(a => a.State == ActivityState.Planned && a.Deadline >= dayStart && a.Deadline < dayEnd),
            ActivityPeriod.ThisWeek => activities.Where(a => a.State == ActivityState.Planned && a.Deadline >= weekStart && a.Deadline < weekEnd),
            ActivityPeriod.Done => activities.Where(a => a.State == ActivityState.Done),
            _ => activities.Where(a => a.State == ActivityState.Planned),
        };
        return activities;
    }

    /// <summary>
    /// The calendar: the activities the actor sees (only those they are responsible for when <paramref name="mineOnly"/>)
    /// due in [<paramref name="fromUtc"/>, <paramref name="toUtc"/>), planned and done, by deadline. At most 1000.
    /// </summary>
    public async Task<IReadOnlyList<ActivityRow>> CalendarAsync(DateTime fromUtc, DateTime toUtc, bool mineOnly, Actor actor, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var activities = AccessPolicy.VisibleActivities(db, actor).Where(a => a.Deadline >= fromUtc && a.Deadline < toUtc);
        if (mineOnly)
        {
            activities = activities.Where(a => a.ResponsibleUserId == actor.UserId);
        }
        var found = await activities.OrderBy(a => a.Deadline).ThenBy(a => a.Id).Take(1000).ToListAsync(ct);
        return await RowsAsync(db, found, ct);
    }

    /// <summary>
    /// Moves a planned activity to <paramref name="deadlineUtc"/> (the calendar's drag and keyboard move), nothing else
    /// changed: the same checks as <see cref="UpdateAsync"/> (who may, <paramref name="expectedVersion"/>, date bounds).
    /// </summary>
    public async Task<Result<ActivityRow>> RescheduleAsync(int activityId, int expectedVersion, DateTime deadlineUtc, Actor actor, CancellationToken ct = default)
    {
        if (!DateBounds.Contains(deadlineUtc))
        {
            return Result<ActivityRow>.Invalid([new FieldError(nameof(ActivityInput.Deadline), "Validation.DateRange", DateBounds.MinDay, DateBounds.MaxDay)]);
        }
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var (activity, before, refusal) = await LoadForChangeAsync(db, activityId, expectedVersion, actor, ct);
        if (refusal is not null)
        {
            return refusal;
        }
        if (activity!.State == ActivityState.Done)
        {
            return Result<ActivityRow>.Conflict(before, "Activity.AlreadyDone");
        }
        activity.Deadline = DateTime.SpecifyKind(deadlineUtc, DateTimeKind.Utc);
        ReminderService.Schedule(db, activity);
        return await CommitAsync(db, ActivityChangeKind.Updated, activity, before, actor, time.UtcNow, ct);
    }

    /// <summary>The activities of one element: planned ones by deadline, then the last done ones (all of them: background work and tests).</summary>
    public Task<IReadOnlyList<ActivityRow>> ForElementAsync(ElementRef element, CancellationToken ct = default) => ForElementAsync(element, null, ct);

    /// <summary>
    /// The activities of one element <paramref name="actor"/> sees (<see cref="AccessPolicy.VisibleActivities"/>; null:
    /// all): planned ones by deadline, then the last done ones.
    /// </summary>
    public async Task<IReadOnlyList<ActivityRow>> ForElementAsync(ElementRef element, Actor? actor, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var activities = actor is null ? db.Activities.AsNoTracking() : AccessPolicy.VisibleActivities(db, actor);
        var planned = await activities
            .Where(a => a.ElementKind == element.Kind && a.ElementId == element.Id && a.State == ActivityState.Planned)
            .OrderBy(a => a.Deadline).ThenBy(a => a.Id).Take(100).ToListAsync(ct);
        var done = await activities
            .Where(a => a.ElementKind == element.Kind && a.ElementId == element.Id && a.State == ActivityState.Done)
            .OrderByDescending(a => a.CompletedAt).ThenByDescending(a => a.Id).Take(20).ToListAsync(ct);
        return await RowsAsync(db, [.. planned, .. done], ct);
    }

    public async Task<ActivityRow?> GetAsync(int activityId, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var activity = await db.Activities.AsNoTracking().FirstOrDefaultAsync(a => a.Id == activityId, ct);
        return activity is null ? null : (await RowsAsync(db, [activity], ct))[0];
    }

    /// <summary>One activity if <paramref name="actor"/> may see it (<see cref="AccessPolicy.VisibleActivities"/>), else null.</summary>
    public async Task<ActivityRow?> GetVisibleAsync(int activityId, Actor actor, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var activity = await AccessPolicy.VisibleActivities(db, actor).FirstOrDefaultAsync(a => a.Id == activityId, ct);
        return activity is null ? null : (await RowsAsync(db, [activity], ct))[0];
    }

    public async Task<Result<ActivityRow>> PlanAsync(ElementRef element, ActivityInput input, Actor actor, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var errors = await ValidateAsync(db, input, ct);
        if (!await ElementDirectory.ExistsAsync(db, element, ct))
        {
            return Result<ActivityRow>.NotFound("Activity.ElementNotFound");
        }
        // Nothing is planned on an element the actor may not read (its timeline would then tell them of it).
        if (!AccessPolicy.MayRead(actor, AccessPolicy.EntityOf(element.Kind), (await RecordAccess.OwnerAsync(db, element, ct))?.UserId))
        {
            return Result<ActivityRow>.Forbidden("Access.NotReadable");
        }
        if (errors.Count > 0)
        {
            return Result<ActivityRow>.Invalid(errors);
        }
        // The role's activity add scope must reach the user the activity is planned for (the actor when none is chosen).
        if (AccessPolicy.WhyMayNotAdd(actor, AccessEntity.Activity, string.IsNullOrEmpty(input.ResponsibleUserId) ? actor.UserId : input.ResponsibleUserId) is { } refused)
        {
            return Result<ActivityRow>.Forbidden(refused);
        }
        var now = time.UtcNow;
        var activity = new Activity
        {
            Subject = "",
            ResponsibleUserId = "",
            ElementKind = element.Kind,
            ElementId = element.Id,
            CreatedById = actor.UserId,
        };
        Apply(activity, input, actor);
        db.Activities.Add(activity);
        ReminderService.Schedule(db, activity);
        TimelineLog.AddPointingAtNew(db, element, TimelineKind.ActivityPlanned, actor.UserId, now, activity.Subject, activity);
        return await CommitAsync(db, ActivityChangeKind.Planned, activity, before: null, actor, now, ct);
    }

    public async Task<Result<ActivityRow>> UpdateAsync(int activityId, int expectedVersion, ActivityInput input, Actor actor, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var (activity, before, refusal) = await LoadForChangeAsync(db, activityId, expectedVersion, actor, ct);
        if (refusal is not null)
        {
            return refusal;
        }
        var errors = await ValidateAsync(db, input, ct);
        if (errors.Count > 0)
        {
            return Result<ActivityRow>.Invalid(errors);
        }
        var now = time.UtcNow;
        Apply(activity!, input, actor);
        ReminderService.Schedule(db, activity!);
        return await CommitAsync(db, ActivityChangeKind.Updated, activity!, before, actor, now, ct);
    }

    /// <summary>Marks a planned activity done, with what came of it (<paramref name="outcome"/>, optional).</summary>
    public async Task<Result<ActivityRow>> CompleteAsync(
        int activityId, int expectedVersion, Actor actor, CancellationToken ct = default, string? outcome = null)
    {
        var errors = new Validator().MaxLength(nameof(Activity.Outcome), outcome, ActivityRules.OutcomeMaxLength).Errors;
        if (errors.Count > 0)
        {
            return Result<ActivityRow>.Invalid([.. errors]);
        }
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var (activity, before, refusal) = await LoadForChangeAsync(db, activityId, expectedVersion, actor, ct);
        if (refusal is not null)
        {
            return refusal;
        }
        if (activity!.State == ActivityState.Done)
        {
            return Result<ActivityRow>.Conflict(before, "Activity.AlreadyDone");
        }
        var now = time.UtcNow;
        activity.State = ActivityState.Done;
        activity.CompletedAt = now;
        activity.CompletedById = actor.UserId;
        activity.Outcome = Validator.Clean(outcome);
        TimelineLog.Add(db, activity.Element, TimelineKind.ActivityDone, actor.UserId, now, activity.Subject, nameof(Activity), activity.Id)
            .NewValue = activity.Outcome;
        return await CommitAsync(db, ActivityChangeKind.Completed, activity, before, actor, now, ct);
    }

    /// <summary>
    /// Undoes <see cref="CompleteAsync"/>: the activity is planned again (its outcome cleared), and the element's
    /// timeline says so. Only a done activity can be reopened.
    /// </summary>
    public async Task<Result<ActivityRow>> ReopenAsync(int activityId, int expectedVersion, Actor actor, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var (activity, before, refusal) = await LoadForChangeAsync(db, activityId, expectedVersion, actor, ct);
        if (refusal is not null)
        {
            return refusal;
        }
        if (activity!.State != ActivityState.Done)
        {
            return Result<ActivityRow>.Conflict(before, "Activity.NotDone");
        }
        var now = time.UtcNow;
        activity.State = ActivityState.Planned;
        activity.CompletedAt = null;
        activity.CompletedById = null;
        activity.Outcome = null;
        // Planned again: a reminder still ahead of its deadline comes (again), at once if its time has passed.
        ReminderService.Schedule(db, activity, again: true);
        TimelineLog.Add(db, activity.Element, TimelineKind.ActivityReopened, actor.UserId, now, activity.Subject, nameof(Activity), activity.Id);
        return await CommitAsync(db, ActivityChangeKind.Updated, activity, before, actor, now, ct);
    }

    public async Task<Result<ActivityRow>> DeleteAsync(int activityId, int expectedVersion, Actor actor, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var (activity, before, refusal) = await LoadForChangeAsync(db, activityId, expectedVersion, actor, ct, AccessAction.Delete);
        if (refusal is not null)
        {
            return refusal;
        }
        db.Activities.Remove(activity!);
        var now = time.UtcNow;
        // The element's timeline keeps that it was deleted, by whom, and what it was (decision 020).
        TimelineLog.Add(db, activity!.Element, TimelineKind.ActivityDeleted, actor.UserId, now, activity.Subject, nameof(Activity), activity.Id);
        return await CommitAsync(db, ActivityChangeKind.Deleted, activity, before, actor, now, ct);
    }

    private async Task<(Activity? Activity, ActivityRow? Before, Result<ActivityRow>? Refusal)> LoadForChangeAsync(
        CrmDbContext db, int activityId, int expectedVersion, Actor actor, CancellationToken ct, AccessAction action = AccessAction.Edit)
    {
        var activity = await db.Activities.FirstOrDefaultAsync(a => a.Id == activityId, ct);
        if (activity is null)
        {
            return (null, null, Result<ActivityRow>.NotFound("Activity.NotFound"));
        }
        var before = (await RowsAsync(db, [activity], ct))[0];
        if (!AccessPolicy.MayChangeActivity(actor, activity.ResponsibleUserId, activity.CreatedById, action))
        {
            return (null, null, Result<ActivityRow>.Forbidden("Activity.Forbidden"));
        }
        if (activity.Version != expectedVersion)
        {
            return (null, null, Result<ActivityRow>.Conflict(before, "Activity.Conflict"));
        }
        return (activity, before, null);
    }

    private async Task<Result<ActivityRow>> CommitAsync(CrmDbContext db, ActivityChangeKind kind, Activity activity, ActivityRow? before, Actor actor, DateTime now, CancellationToken ct)
    {
        ActivityRow? after = null;
        var saved = await live.SaveAndPublishAsync(db, async () =>
        {
            if (kind != ActivityChangeKind.Deleted)
            {
                after = (await RowsAsync(db, [activity], ct))[0];
            }
            var deal = activity.ElementKind == ElementKind.Deal
                ? await db.Deals.AsNoTracking().Where(d => d.Id == activity.ElementId).Select(d => new { d.PipelineId }).FirstOrDefaultAsync(ct)
                : null;
            var next = deal is null ? null : (DateTime?)(await Deals.DealBoardService.NextActivitiesAsync(db, [activity.ElementId], ct)).GetValueOrDefault(activity.ElementId);
            return new ActivityChanged
            {
                ElementResponsibleUserId = await RecordAccess.ResponsibleOfAsync(db, activity.Element, ct),
                DealPipelineId = deal?.PipelineId,
                DealNextActivityAt = next == default(DateTime) ? null : next,
                Kind = kind,
                ActivityId = activity.Id,
                Version = kind == ActivityChangeKind.Deleted ? activity.Version + 1 : activity.Version,
                Element = activity.Element,
                Before = before,
                After = after,
                ActorId = actor.UserId,
                ActorName = actor.DisplayName,
                OccurredAt = now,
            };
        }, ct);
        if (!saved)
        {
            await using var fresh = await contextFactory.CreateDbContextAsync(actor, ct);
            var current = await fresh.Activities.AsNoTracking().FirstOrDefaultAsync(a => a.Id == activity.Id, ct);
            return current is null
                ? Result<ActivityRow>.NotFound("Activity.NotFound")
                : Result<ActivityRow>.Conflict((await RowsAsync(fresh, [current], ct))[0], "Activity.Conflict");
        }
        return Result<ActivityRow>.Ok(after ?? before!);
    }

    private static async Task<List<FieldError>> ValidateAsync(CrmDbContext db, ActivityInput input, CancellationToken ct)
    {
        var v = new Validator()
            .Required(nameof(ActivityInput.Subject), input.Subject)
            .MaxLength(nameof(ActivityInput.Subject), input.Subject, ActivityRules.SubjectMaxLength)
            .MaxLength(nameof(ActivityInput.Description), input.Description, ActivityRules.DescriptionMaxLength);
        if (!Enum.IsDefined(input.Type))
        {
            v.Add(nameof(ActivityInput.Type), "Validation.Required");
        }
        if (input.Deadline == default)
        {
            v.Add(nameof(ActivityInput.Deadline), "Validation.Required");
        }
        else if (!DateBounds.Contains(input.Deadline))
        {
            v.Add(nameof(ActivityInput.Deadline), "Validation.DateRange", DateBounds.MinDay, DateBounds.MaxDay);
        }
        if (ActivityRules.HasDirection(input.Type) && input.Direction is not { } direction)
        {
            v.Add(nameof(ActivityInput.Direction), "Validation.Required");
        }
        else if (input.Direction is { } given && !Enum.IsDefined(given))
        {
            v.Add(nameof(ActivityInput.Direction), "Validation.Required");
        }
        if (ActivityRules.HasDuration(input.Type) && input.DurationMinutes is { } minutes && (minutes < 1 || minutes > ActivityRules.MaxDurationMinutes))
        {
            v.Add(nameof(ActivityInput.DurationMinutes), "Validation.Range", 1, ActivityRules.MaxDurationMinutes);
        }
        if (input.ReminderMinutes is { } reminder && (reminder < 0 || reminder > ActivityRules.MaxReminderMinutes))
        {
            v.Add(nameof(ActivityInput.ReminderMinutes), "Validation.Range", 0, ActivityRules.MaxReminderMinutes);
        }
        if (!string.IsNullOrEmpty(input.ResponsibleUserId) && !await db.Users.AnyAsync(u => u.Id == input.ResponsibleUserId, ct))
        {
            v.Add(nameof(ActivityInput.ResponsibleUserId), "Validation.NoLongerExists");
        }
        return [.. v.Errors];
    }

    private static void Apply(Activity activity, ActivityInput input, Actor actor)
    {
        activity.Type = input.Type;
        activity.Subject = input.Subject.Trim();
        activity.Description = Validator.Clean(input.Description);
        activity.Deadline = DateTime.SpecifyKind(input.Deadline, DateTimeKind.Utc);
        activity.DurationMinutes = ActivityRules.HasDuration(input.Type) ? input.DurationMinutes : null;
        activity.Direction = ActivityRules.HasDirection(input.Type) ? input.Direction : null;
        activity.ResponsibleUserId = string.IsNullOrEmpty(input.ResponsibleUserId) ? actor.UserId : input.ResponsibleUserId;
        activity.ReminderMinutes = input.ReminderMinutes;
    }

    internal static async Task<List<ActivityRow>> RowsAsync(CrmDbContext db, IReadOnlyList<Activity> activities, CancellationToken ct)
    {
        var titles = await ElementDirectory.TitlesAsync(db, activities.Select(a => a.Element), ct);
        var names = await ElementDirectory.UserNamesAsync(db, activities.Select(a => a.ResponsibleUserId), ct);
        return activities.Select(a => new ActivityRow(
            a.Id, a.Type, a.Subject, a.Description, DateTime.SpecifyKind(a.Deadline, DateTimeKind.Utc), a.DurationMinutes, a.Direction,
            a.ResponsibleUserId, names.GetValueOrDefault(a.ResponsibleUserId), a.ElementKind, a.ElementId, titles.GetValueOrDefault(a.Element),
            a.State, a.CompletedAt is { } done ? DateTime.SpecifyKind(done, DateTimeKind.Utc) : null, a.Version, a.CreatedById, a.Outcome,
            a.ReminderMinutes)).ToList();
    }
}
