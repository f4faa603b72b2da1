using System.Security.Cryptography;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using CrmBlazor.Core.ApiTokens;

namespace CrmBlazor.Core.Activities;

/// <summary>
/// A user's activities as an iCalendar (RFC 5545) feed for their own calendar app. A calendar app cannot sign in, so
/// the feed's address carries a secret: made on the profile page, shown once, kept only as its SHA-256, replaced or
/// switched off there. The feed holds the user's planned activities and those of the last <see cref="PastDays"/> days,
/// each planned one with an alarm at its own reminder time (none without a reminder).
/// </summary>
public sealed class CalendarFeedService(IDbContextFactory<CrmDbContext> contextFactory, TimeProvider clock)
{
    public const int PastDays = 30;
    public const int MaxEvents = 2000;

    /// <summary>A new secret for the user's feed (any earlier link stops working).</summary>
    public async Task<string> NewSecretAsync(Actor actor, CancellationToken ct = default)
    {
        var secret = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        await db.Users.Where(u => u.Id == actor.UserId).ExecuteUpdateAsync(s => s.SetProperty(u => u.CalendarFeedHash, ApiTokenService.HashOf(secret)), ct);
        return secret;
    }

    public async Task TurnOffAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        await db.Users.Where(u => u.Id == actor.UserId).ExecuteUpdateAsync(s => s.SetProperty(u => u.CalendarFeedHash, (string?)null), ct);
    }

    public async Task<bool> IsOnAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        return await db.Users.AnyAsync(u => u.Id == actor.UserId && u.CalendarFeedHash != null, ct);
    }

    /// <summary>
    /// The feed of the user whose secret this is, or null (unknown secret, or a deactivated or locked-out user).
    /// <paramref name="linkOf"/> gives an element's address in the app, for each event's URL.
    /// </summary>
    public async Task<string?> GetFeedAsync(string secret, Func<ElementRef, Uri> linkOf, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(secret) || secret.Length > 100)
        {
            return null;
        }
        var hash = ApiTokenService.HashOf(secret);
        var now = clock.GetUtcNow();
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var user = await db.Users.AsNoTracking().Where(u => u.CalendarFeedHash == hash)
            .Select(u => new { u.Id, u.IsActive, u.LockoutEnd, u.DisplayName }).FirstOrDefaultAsync(ct);
        if (user is null || !user.IsActive || user.LockoutEnd > now)
        {
            return null;
        }
        var since = now.UtcDateTime.AddDays(-PastDays);
        var activities = await db.Activities.AsNoTracking()
            .Where(a => a.ResponsibleUserId == user.Id && (a.State == ActivityState.Planned || a.Deadline >= since))
            .OrderBy(a => a.Deadline).ThenBy(a => a.Id).Take(MaxEvents).ToListAsync(ct);
        var titles = await ElementDirectory.TitlesAsync(db, activities.Select(a => a.Element), ct);

        var calendar = new Calendar { ProductId = "-//CrmBlazor//Activities//EN" };
        calendar.AddProperty("X-WR-CALNAME", "CrmBlazor: " + user.DisplayName);
        foreach (var activity in activities)
        {
            calendar.Events.Add(ToEvent(activity, titles.GetValueOrDefault(activity.Element), linkOf(activity.Element)));
        }
        return new CalendarSerializer().SerializeToString(calendar);
    }

    private static CalendarEvent ToEvent(Activity activity, string? elementTitle, Uri link)
    {
        var start = new CalDateTime(DateTime.SpecifyKind(activity.Deadline, DateTimeKind.Utc));
        var done = activity.State == ActivityState.Done;
        var item = new CalendarEvent
        {
            Uid = $"activity-{activity.Id}@crmblazor",
            Summary = (done ? "✓ " : "") + activity.Subject,
            Description = string.Join("\n\n", new[] { elementTitle, activity.Description, activity.Outcome }.Where(t => !string.IsNullOrWhiteSpace(t))),
            Start = start,
            End = start.AddMinutes(activity.DurationMinutes ?? 15),
            Url = link,
            Status = EventStatus.Confirmed,
            Sequence = activity.Version,
            LastModified = new CalDateTime(DateTime.SpecifyKind(activity.UpdatedAt, DateTimeKind.Utc)),
            Categories = [activity.Type.ToString()],
        };
        // The calendar app reminds as the CRM does: at the activity's own reminder time, or not at all.
        if (!done && activity.ReminderMinutes is { } reminderMinutes)
        {
            item.Alarms.Add(new Alarm
            {
                Action = AlarmAction.Display,
                Description = activity.Subject,
                Trigger = new Trigger(Duration.FromMinutes(-reminderMinutes)),
            });
        }
        return item;
    }
}
