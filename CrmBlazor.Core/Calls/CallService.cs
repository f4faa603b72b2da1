using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace CrmBlazor.Core.Calls;

/// <summary>
/// Telephony for a PBX integration: <see cref="RegisterAsync"/> finds the lead, contact or company with the caller's
/// number (<see cref="DuplicateFinder"/>), or makes a lead with source Call, and tells the user live; <see cref="FinishAsync"/>
/// writes the done call activity on the element's timeline and, for a missed call, plans a call back.
/// </summary>
public sealed class CallService(
    IDbContextFactory<CrmDbContext> contextFactory,
    ILiveUpdates live,
    TimeProvider clock,
    IOptions<CrmOptions> options,
    DuplicateFinder duplicates,
    LeadService leads,
    ActivityService activities)
{
    public async Task<Result<CallRegistered>> RegisterAsync(RegisterCall call, Actor actor, CancellationToken ct = default)
    {
        var v = new Validator().Required(nameof(RegisterCall.Number), call.Number).Phone(nameof(RegisterCall.Number), call.Number, options.Value.DefaultPhoneRegion);
        if (!Enum.IsDefined(call.Direction))
        {
            v.Add(nameof(RegisterCall.Direction), "Validation.Required");
        }
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var user = string.IsNullOrEmpty(call.UserId) ? null
            : await db.Users.AsNoTracking().Where(u => u.Id == call.UserId).Select(u => new { u.Id, u.DisplayName }).FirstOrDefaultAsync(ct);
        if (user is null)
        {
            v.Add(nameof(RegisterCall.UserId), "Validation.NoLongerExists");
        }
        if (v.Errors.Count > 0)
        {
            return Result<CallRegistered>.Invalid([.. v.Errors]);
        }
        if (!AccessPolicy.MayRegisterCallFor(actor, user!.Id))
        {
            return Result<CallRegistered>.Forbidden();
        }
        var number = PhoneNumberFormat.Normalize(call.Number, options.Value.DefaultPhoneRegion)!;
        var matches = (await duplicates.FindAsync(new DuplicateProbe([], [number], null), ct)).Where(m => m.Reason == MatchReason.Phone).ToList();
        // Whom the team knows best first: a contact, then a company, then a lead.
        var match = matches.OrderBy(m => m.Kind switch { ElementKind.Contact => 0, ElementKind.Company => 1, _ => 2 }).ThenByDescending(m => m.Id).FirstOrDefault();
        var created = false;
        if (match is null)
        {
            var lead = await leads.CreateAsync(new LeadInput
            {
                Title = $"Call {number}",
                Phones = [new PhoneInput(number, PhoneType.Work)],
                Source = LeadSource.Call,
                Status = LeadStatus.New,
                ResponsibleUserId = user.Id,
            }, actor, ct);
            if (!lead.IsOk)
            {
                return Result<CallRegistered>.Invalid(lead.Errors);
            }
            match = new DuplicateMatch(ElementKind.Lead, lead.Value!.Id, lead.Value.Input.Title, MatchReason.Phone, number);
            created = true;
        }
        var phoneCall = new PhoneCall
        {
            CallId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(CallRules.CallIdLength / 2)),
            Number = number,
            UserId = user.Id,
            Direction = call.Direction,
            StartedAt = call.StartedAt?.ToUniversalTime() ?? clock.GetUtcNow().UtcDateTime,
            ElementKind = match.Kind,
            ElementId = match.Id,
        };
        db.Add(phoneCall);
        var now = clock.GetUtcNow().UtcDateTime;
        await live.SaveAndPublishAsync(db, async () => call.Direction == ActivityDirection.Incoming
            ? [new IncomingCall
            {
                CallId = phoneCall.CallId, UserId = user.Id, Number = number, ElementKind = match.Kind, ElementId = match.Id, ElementTitle = match.Name,
                ActorId = actor.UserId, ActorName = actor.DisplayName, OccurredAt = now,
            }]
            : await Task.FromResult<IReadOnlyList<CrmEvent>>([]), ct);
        return Result<CallRegistered>.Ok(new CallRegistered(phoneCall.CallId, match.Kind, match.Id, match.Name, created));
    }

    public async Task<Result<CallFinished>> FinishAsync(FinishCall finish, Actor actor, CancellationToken ct = default)
    {
        var v = new Validator().MaxLength(nameof(FinishCall.RecordingUrl), finish.RecordingUrl, CallRules.RecordingUrlMaxLength);
        if (finish.DurationSeconds is < 0 or > CallRules.MaxDurationSeconds)
        {
            v.Add(nameof(FinishCall.DurationSeconds), "Validation.Range", 0, CallRules.MaxDurationSeconds);
        }
        if (finish.RecordingUrl is { Length: > 0 } url && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            v.Add(nameof(FinishCall.RecordingUrl), "Validation.Website");
        }
        if (v.Errors.Count > 0)
        {
            return Result<CallFinished>.Invalid([.. v.Errors]);
        }
        await using var db = await contextFactory.CreateDbContextAsync(actor, ct);
        var call = await db.Set<PhoneCall>().FirstOrDefaultAsync(c => c.CallId == finish.CallId, ct);
        if (call is null)
        {
            return Result<CallFinished>.NotFound();
        }
        if (!AccessPolicy.MayRegisterCallFor(actor, call.UserId))
        {
            return Result<CallFinished>.Forbidden();
        }
        if (call.FinishedAt is not null)
        {
            return Result<CallFinished>.Conflict(new CallFinished(call.CallId, call.ActivityId ?? 0, call.CallBackActivityId), "Call.AlreadyFinished");
        }
        var element = new ElementRef(call.ElementKind, call.ElementId);
        var subject = (call.Direction, finish.Answered) switch
        {
            (ActivityDirection.Incoming, true) => $"Incoming call {call.Number}",
            (ActivityDirection.Incoming, false) => $"Missed call {call.Number}",
            (_, true) => $"Outgoing call {call.Number}",
            _ => $"Unanswered call {call.Number}",
        };
        var planned = await activities.PlanAsync(element, new ActivityInput
        {
            Type = ActivityType.Call,
            Subject = subject,
            Description = finish.RecordingUrl,
            Deadline = call.StartedAt,
            DurationMinutes = Math.Max(1, (int)Math.Ceiling(finish.DurationSeconds / 60.0)),
            Direction = call.Direction,
            ResponsibleUserId = call.UserId,
        }, actor, ct);
        if (!planned.IsOk)
        {
            return Result<CallFinished>.Invalid(planned.Errors);
        }
        var done = await activities.CompleteAsync(planned.Value!.Id, planned.Value.Version, actor, ct);
        int? callBack = null;
        if (!finish.Answered && call.Direction == ActivityDirection.Incoming)
        {
            var back = await activities.PlanAsync(element, new ActivityInput
            {
                Type = ActivityType.Call,
                Subject = $"Call back {call.Number}",
                Deadline = clock.GetUtcNow().UtcDateTime.AddHours(1),
                DurationMinutes = 5,
                Direction = ActivityDirection.Outgoing,
                ResponsibleUserId = call.UserId,
            }, actor, ct);
            callBack = back.Value?.Id;
        }
        call.FinishedAt = clock.GetUtcNow().UtcDateTime;
        call.DurationSeconds = finish.DurationSeconds;
        call.Answered = finish.Answered;
        call.RecordingUrl = Validator.Clean(finish.RecordingUrl);
        call.ActivityId = done.Value?.Id ?? planned.Value.Id;
        call.CallBackActivityId = callBack;
        await live.SaveAndPublishAsync(db, () => Task.FromResult<IReadOnlyList<CrmEvent>>([]), ct);
        return Result<CallFinished>.Ok(new CallFinished(call.CallId, call.ActivityId.Value, callBack));
    }
}
