using CrmBlazor.Core;
using Microsoft.Extensions.Options;

namespace CrmBlazor.Tests.Core.Common;

public class CrmTimeTests
{
    private static CrmTime Warsaw(DateTimeOffset now) =>
        new(new TestClock { Now = now }, Options.Create(new CrmOptions { TimeZone = "Europe/Warsaw" }));

    [Fact]
    public void DayOf_OnTheDaylightSavingEnd_Is25HoursLong()
    {
        var time = Warsaw(new DateTimeOffset(2026, 10, 25, 12, 0, 0, TimeSpan.Zero));

        var (start, end) = time.DayOf(time.UtcNow);

        Assert.Equal(new DateTime(2026, 10, 24, 22, 0, 0), start);   // midnight CEST (UTC+2)
        Assert.Equal(new DateTime(2026, 10, 25, 23, 0, 0), end);     // next midnight CET (UTC+1)
    }

    [Fact]
    public void DayOf_JustBeforeLocalMidnight_IsStillThatDay()
    {
        var time = Warsaw(new DateTimeOffset(2026, 11, 30, 22, 59, 59, TimeSpan.Zero));   // 23:59:59 in Warsaw

        Assert.Equal(new DateTime(2026, 11, 29, 23, 0, 0), time.DayOf(time.UtcNow).Start);
    }

    [Fact]
    public void WeekOf_StartsOnMondayInTheTeamTimeZone()
    {
        var time = Warsaw(new DateTimeOffset(2026, 11, 29, 23, 30, 0, TimeSpan.Zero));    // Monday 00:30 in Warsaw, Sunday in UTC

        var (start, end) = time.WeekOf(time.UtcNow);

        Assert.Equal((new DateTime(2026, 11, 29, 23, 0, 0), new DateTime(2026, 12, 6, 23, 0, 0)), (start, end));
    }

    [Fact]
    public void ToUtc_TimeSkippedBySpringForward_MovesOnAnHour()
    {
        var time = Warsaw(DateTimeOffset.UtcNow);

        Assert.Equal(new DateTime(2026, 3, 29, 1, 30, 0), time.ToUtc(new DateTime(2026, 3, 29, 2, 30, 0)));   // 02:30 does not exist: 03:30 CEST
    }
}
