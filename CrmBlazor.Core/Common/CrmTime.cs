using Microsoft.Extensions.Options;

namespace CrmBlazor.Core.Common;

/// <summary>
/// The team's calendar: the database keeps UTC, while "today", "this week" and the times people type and read are in
/// the time zone of <see cref="CrmOptions.TimeZone"/>.
/// </summary>
public sealed class CrmTime(TimeProvider clock, IOptions<CrmOptions> options)
{
    private readonly TimeZoneInfo _zone = FindZone(options.Value.TimeZone);

    /// <summary>A time zone by IANA (or Windows) id, or an error that names the setting to fix.</summary>
    public static TimeZoneInfo FindZone(string id) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone)
            ? zone
            : throw new InvalidOperationException($"Crm:TimeZone '{id}' is not a time zone this machine knows (use an IANA id such as Europe/Warsaw).");

    public TimeZoneInfo Zone => _zone;

    public DateTime UtcNow => clock.GetUtcNow().UtcDateTime;

    public DateTime ToLocal(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), _zone);

    /// <summary>A local wall-clock time as UTC (a time skipped by a daylight-saving change moves an hour on).</summary>
    public DateTime ToUtc(DateTime local) => ToUtc(local, _zone);

    /// <summary>A wall-clock time in <paramref name="zone"/> as UTC (a time skipped by a daylight-saving change moves an hour on).</summary>
    public static DateTime ToUtc(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            local = local.AddHours(1);
        }
        return TimeZoneInfo.ConvertTimeToUtc(local, zone);
    }

    /// <summary>The local day containing <paramref name="utc"/>, as a UTC range [start, end).</summary>
    public (DateTime Start, DateTime End) DayOf(DateTime utc)
    {
        var day = ToLocal(utc).Date;
        return (ToUtc(day), ToUtc(day.AddDays(1)));
    }

    /// <summary>The local week (Monday to Sunday) containing <paramref name="utc"/>, as a UTC range [start, end).</summary>
    public (DateTime Start, DateTime End) WeekOf(DateTime utc)
    {
        var day = ToLocal(utc).Date;
        var monday = day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
        return (ToUtc(monday), ToUtc(monday.AddDays(7)));
    }
}
