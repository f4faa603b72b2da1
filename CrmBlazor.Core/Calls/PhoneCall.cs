namespace CrmBlazor.Core.Calls;

/// <summary>
/// A telephone call a PBX told the CRM about (shaped like Bitrix24's <c>telephony.externalcall.register</c> and
/// <c>.finish</c>): registered when it starts, with the element it concerns, and finished with its outcome.
/// </summary>
public class PhoneCall
{
    public int Id { get; set; }
    /// <summary>The id the PBX sends back to finish the call.</summary>
    public required string CallId { get; set; }
    /// <summary>The other party's number, E.164.</summary>
    public required string Number { get; set; }
    public required string UserId { get; set; }
    public ActivityDirection Direction { get; set; }
    public DateTime StartedAt { get; set; }
    public ElementKind ElementKind { get; set; }
    public int ElementId { get; set; }
    public DateTime? FinishedAt { get; set; }
    public int? DurationSeconds { get; set; }
    public bool? Answered { get; set; }
    public string? RecordingUrl { get; set; }
    public int? ActivityId { get; set; }
    public int? CallBackActivityId { get; set; }
}

public static class CallRules
{
    public const int CallIdLength = 32;
    public const int RecordingUrlMaxLength = 1000;
    public const int MaxDurationSeconds = 24 * 60 * 60;
}

/// <summary>A call starts: <paramref name="Number"/> as the PBX has it, the CRM user who takes or makes it.</summary>
public sealed record RegisterCall(string Number, string UserId, ActivityDirection Direction = ActivityDirection.Incoming, DateTime? StartedAt = null);

/// <summary>The call is over: how long it lasted, whether anyone answered, and where its recording is.</summary>
public sealed record FinishCall(string CallId, int DurationSeconds, bool Answered, string? RecordingUrl = null);

/// <summary>What register found or made: the element the call is about.</summary>
public sealed record CallRegistered(string CallId, ElementKind ElementKind, int ElementId, string ElementTitle, bool LeadCreated);

/// <summary>What finish wrote: the done call activity, and the planned call back of a missed call.</summary>
public sealed record CallFinished(string CallId, int ActivityId, int? CallBackActivityId);

/// <summary>A call is ringing for <see cref="UserId"/>: their open pages show who calls, with a link to the element.</summary>
public sealed record IncomingCall : CrmEvent
{
    public required string CallId { get; init; }
    public required string UserId { get; init; }
    public required string Number { get; init; }
    public required ElementKind ElementKind { get; init; }
    public required int ElementId { get; init; }
    public required string ElementTitle { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public override IReadOnlyList<string> Topics => [LiveTopics.User(UserId)];
}
