namespace Fowergram.Features.Stories;

/// <summary>
/// The days "memories" covers: the same calendar day in each earlier year since the account was made, as local days of
/// the caller's time zone turned into UTC ranges (so a story posted late in the evening belongs to the day its author saw).
/// A 29 February shows on 28 February of a year without one; 29 February itself has memories only from leap years.
/// </summary>
internal static class StoryMemories
{
    /// <summary>How many years back memories reach, at most.</summary>
    public const int MaxYears = 30;

    public sealed record Day(int Year, DateTimeOffset Starts, DateTimeOffset Ends);

    public static List<Day> Days(DateOnly date, TimeZoneInfo zone, int firstYear)
    {
        var days = new List<Day>();
        for (var year = date.Year - 1; year >= Math.Max(firstYear, date.Year - MaxYears) && year >= 1; year--)
        {
            if (date is { Month: 2, Day: 29 } && !DateTime.IsLeapYear(year)) continue;
            var day = new DateOnly(year, date.Month, date.Day);
            var span = date is { Month: 2, Day: 28 } && !DateTime.IsLeapYear(date.Year) && DateTime.IsLeapYear(year) ? 2 : 1;
            days.Add(new Day(year, StartOf(day, zone), StartOf(day.AddDays(span), zone)));
        }
        return days;
    }

    /// <summary>Local midnight in UTC; where a clock change skips midnight, the first local instant after it.</summary>
    private static DateTimeOffset StartOf(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local)) local = local.AddMinutes(15);
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, zone), TimeSpan.Zero);
    }
}
