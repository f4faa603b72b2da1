namespace CrmBlazor.Core.Reports;

public enum PeriodKind
{
    ThisMonth,
    ThisQuarter,
    ThisYear,
    Custom,
}

/// <summary>
/// A period as the user picks it. <see cref="From"/> and <see cref="To"/> (both days included) are read only for
/// <see cref="PeriodKind.Custom"/>; they are calendar days in the configured time zone (<c>Crm:TimeZone</c>).
/// </summary>
public sealed record PeriodFilter(PeriodKind Kind, DateOnly? From = null, DateOnly? To = null)
{
    public static PeriodFilter ThisMonth { get; } = new(PeriodKind.ThisMonth);
}

/// <summary>
/// A period resolved in a time zone: the calendar days <see cref="FirstDay"/>..<see cref="LastDay"/> (both included),
/// and the UTC instants the database compares with, <see cref="FromUtc"/> (included) to <see cref="ToUtc"/> (excluded).
/// </summary>
public sealed record ResolvedPeriod(DateOnly FirstDay, DateOnly LastDay, DateTime FromUtc, DateTime ToUtc)
{
    public bool Contains(DateTime utc) => utc >= FromUtc && utc < ToUtc;
}

/// <summary>Turns the periods users pick into UTC ranges, on the calendar of one time zone.</summary>
public static class ReportPeriods
{
    public static ResolvedPeriod Resolve(PeriodFilter filter, DateTime utcNow, TimeZoneInfo zone)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utcNow, DateTimeKind.Utc), zone));
        var (first, last) = filter.Kind switch
        {
            PeriodKind.ThisMonth => (new DateOnly(today.Year, today.Month, 1), new DateOnly(today.Year, today.Month, 1).AddMonths(1).AddDays(-1)),
            PeriodKind.ThisQuarter => Quarter(today),
            PeriodKind.ThisYear => (new DateOnly(today.Year, 1, 1), new DateOnly(today.Year, 12, 31)),
            _ => Custom(filter, today),
        };
        return new ResolvedPeriod(first, last, StartOfDayUtc(first, zone), StartOfDayUtc(last.AddDays(1), zone));
    }

    /// <summary>The UTC instant at which <paramref name="day"/> begins in <paramref name="zone"/>.</summary>
    public static DateTime StartOfDayUtc(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        // Where a DST change skips midnight (some zones do), the day begins at the first valid minute after it.
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30);
        }
        return TimeZoneInfo.ConvertTimeToUtc(local, zone);
    }

    /// <summary>The configured zone, by IANA (or Windows) id.</summary>
    public static TimeZoneInfo Zone(string id) => CrmTime.FindZone(id);

    private static (DateOnly, DateOnly) Quarter(DateOnly today)
    {
        var first = new DateOnly(today.Year, ((today.Month - 1) / 3 * 3) + 1, 1);
        return (first, first.AddMonths(3).AddDays(-1));
    }

    /// <summary>The longest custom period: longer ones end this many years after they start.</summary>
    public const int MaxCustomYears = 10;

    private static (DateOnly, DateOnly) Custom(PeriodFilter filter, DateOnly today)
    {
        // Days outside DateBounds (1900-2199) are moved onto its edge: the zone conversions never leave the calendar.
        var from = DateBounds.Clamp(filter.From ?? filter.To ?? today);
        var to = DateBounds.Clamp(filter.To ?? filter.From ?? today);
        (from, to) = from <= to ? (from, to) : (to, from);
        // At most MaxCustomYears long, so a request cannot ask for half a million weekly rows.
        var last = from.AddYears(MaxCustomYears).AddDays(-1);
        return (from, to > last ? last : to);
    }
}
