using System.Globalization;

namespace Fowergram.Platform.Profiles;

/// <summary>
/// A weekly quiet window in the account's own time zone (IANA): on each of <see cref="Days"/> from <see cref="From"/> to
/// <see cref="To"/> local time. A window whose end is not after its start crosses midnight and belongs to the day it
/// starts on ("fri 22:00–07:00" runs Friday night into Saturday morning). Local times a daylight-saving change skips are
/// taken as the first valid minute after them; repeated ones as standard time.
/// </summary>
public sealed record QuietSchedule(IReadOnlyList<string> Days, TimeOnly From, TimeOnly To, TimeZoneInfo Zone)
{
    /// <summary>The days as the API and the database name them, Monday first.</summary>
    public static readonly IReadOnlyList<string> DayNames = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

    public string FromText => From.ToString("HH:mm", CultureInfo.InvariantCulture);
    public string ToText => To.ToString("HH:mm", CultureInfo.InvariantCulture);

    /// <summary>
    /// Checks a schedule as the API receives it: distinct known days (at least one), "HH:mm" times that differ, and an IANA
    /// zone this host knows. On failure <paramref name="error"/> is (field, message).
    /// </summary>
    public static bool TryCreate(IReadOnlyList<string?>? days, string? from, string? to, string? timeZone, out QuietSchedule? schedule,
        out (string Field, string Message)? error)
    {
        schedule = null;
        error = null;
        if (days is null || days.Count == 0 || days.Any(d => d is null || !DayNames.Contains(d)) || days.Distinct().Count() != days.Count)
            error = ("schedule.days", "One or more distinct days of the week: mon, tue, wed, thu, fri, sat, sun.");
        else if (!TryTime(from, out var start))
            error = ("schedule.from", "A local time as HH:mm, 00:00 to 23:59.");
        else if (!TryTime(to, out var end))
            error = ("schedule.to", "A local time as HH:mm, 00:00 to 23:59.");
        else if (start == end)
            error = ("schedule.to", "The window must have a length: to differs from from (a to before from crosses midnight).");
        else if (TimeZones.FindIana(timeZone) is not { } zone)
            error = ("schedule.timeZone", "An IANA time zone such as Europe/Paris.");
        else
            schedule = new QuietSchedule(DayNames.Where(d => days.Contains(d)).ToList(), start, end, zone);
        return error is null;
    }

    private static bool TryTime(string? text, out TimeOnly time) =>
        TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out time);

    /// <summary>The windows that start between <paramref name="from"/> and <paramref name="to"/> (a day either way more), in UTC.</summary>
    public IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> Windows(DateTimeOffset from, DateTimeOffset to)
    {
        var first = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(from, Zone).DateTime).AddDays(-1);
        var last = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(to, Zone).DateTime).AddDays(1);
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            if (!Days.Contains(DayNames[((int)day.DayOfWeek + 6) % 7])) continue;
            var start = Utc(day.ToDateTime(From));
            var end = Utc((To > From ? day : day.AddDays(1)).ToDateTime(To));
            if (end > start) yield return (start, end);
        }
    }

    private DateTimeOffset Utc(DateTime local)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        while (Zone.IsInvalidTime(local)) local = local.AddMinutes(1); // skipped by a daylight-saving change
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, Zone), TimeSpan.Zero);
    }
}
