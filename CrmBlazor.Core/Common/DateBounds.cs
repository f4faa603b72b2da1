namespace CrmBlazor.Core.Common;

/// <summary>
/// The calendar every date people type must lie in: 1 January 1900 to 31 December 2199 (inclusive). Far enough for
/// any real deadline, close date or report period, and far enough from <see cref="DateTime.MinValue"/> and
/// <see cref="DateTime.MaxValue"/> that converting between UTC and the team's zone, or adding a day, a week or a
/// year, can never fall off the calendar (which throws, and ended a circuit).
/// </summary>
public static class DateBounds
{
    public static readonly DateOnly MinDay = new(1900, 1, 1);
    public static readonly DateOnly MaxDay = new(2199, 12, 31);

    /// <summary>The first UTC instant allowed (with a day's margin for any time zone).</summary>
    public static readonly DateTime MinUtc = MinDay.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

    /// <summary>The first UTC instant past the bounds.</summary>
    public static readonly DateTime EndUtc = MaxDay.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

    public static bool Contains(DateOnly day) => day >= MinDay && day <= MaxDay;

    public static bool Contains(DateTime utc) => utc >= MinUtc && utc < EndUtc;

    public static DateOnly Clamp(DateOnly day) => day < MinDay ? MinDay : day > MaxDay ? MaxDay : day;
}
