using System.Collections;
using System.Globalization;
using Fowergram.Platform;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fowergram.Features.Insights;

/// <summary>
/// GET /users/me/insights/active-times (docs/insights.md "Most active times"): in which hours of the week the caller's
/// followers were active over this week and the last — in UTC, shifted by whole hours with <c>utcOffset</c>, or in the
/// hours of an IANA <c>timeZone</c>, each hour at its own offset — counted from the hours their requests were noted in
/// (account_presence, migration 0189). Counts only, and only from <see cref="InsightsOptions.ActiveTimesMinimumFollowers"/>
/// active followers on.
/// </summary>
public sealed class ActiveTimesApi(NpgsqlDataSource db, AccessTokens tokens, TimeProvider time, IOptions<InsightsOptions> options)
{
    /// <summary>The followers counted: the most recent ones, so one read stays bounded whatever the account's size.</summary>
    public const int Sample = 5_000;

    private static readonly string[] Days = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

    public async Task<IResult> Get(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!TryReadOffset(request, out var offset, out var invalid) || !TryReadZone(request, out var zone, out invalid)) return invalid!;
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var week = today.AddDays(-(((int)today.DayOfWeek + 6) % 7)); // this week's Monday (UTC)
        var since = new DateTimeOffset(week.AddDays(-7).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        await using var conn = await db.OpenConnectionAsync(ct);
        List<WeekRow>? weeks;
        try
        {
            weeks = await LiveCaller.ListAsync<WeekRow>(conn, "@viewer", zone is null ? ActiveTimesSql.ByUtcHour : ActiveTimesSql.ByLocalHour,
                new { viewer = caller.UserId, week, sample = Sample, lastWeek = since, zone = zone?.Id }, ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidParameterValue && zone is not null)
        {
            // A zone this host's database knows and the database's does not (their tz data differ in age).
            return ZoneProblem();
        }
        if (weeks is null) return Problems.AccountGone();
        var hours = CountByHour(weeks);
        var minimum = options.Value.ActiveTimesMinimumFollowers;
        int? shownOffset = zone is null ? offset : null;
        if (weeks.Count < minimum) return Api.Ok(new ActiveTimes(false, minimum, shownOffset, zone?.Id, since, now, null, null));
        // By zone the counts come in local hours of the week already; by offset they are UTC hours, turned here.
        var shift = zone is null ? offset : 0;
        var days = Enumerable.Range(0, 7).Select(d => new ActiveDay(Days[d],
            Enumerable.Range(0, 24).Select(h => hours[((d * 24 + h - shift) % 168 + 168) % 168]).ToList())).ToList();
        return Api.Ok(new ActiveTimes(true, minimum, shownOffset, zone?.Id, since, now, weeks.Count, days));
    }

    /// <summary>utcOffset: whole hours from -12 to +14 (the span of the world's time zones); none is UTC.</summary>
    private static bool TryReadOffset(HttpRequest request, out int offset, out IResult? error)
    {
        var raw = request.Query["utcOffset"].ToString();
        offset = 0;
        error = null;
        if (raw.Length == 0 || (int.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out offset) && offset is >= -12 and <= 14))
            return true;
        error = Problems.Validation("utcOffset", "Must be a whole number of hours from -12 to 14.");
        return false;
    }

    /// <summary>timeZone: an IANA zone (Europe/Paris), instead of utcOffset, not beside it; none is the offset's hours.</summary>
    private static bool TryReadZone(HttpRequest request, out TimeZoneInfo? zone, out IResult? error)
    {
        var raw = request.Query["timeZone"];
        zone = null;
        error = null;
        if (raw.Count == 0) return true;
        if (request.Query.ContainsKey("utcOffset"))
            error = Problems.Validation("timeZone", "Give either timeZone or utcOffset, not both.");
        else if (raw.Count > 1 || (zone = TimeZones.FindIana(raw.ToString())) is null)
            error = ZoneProblem();
        return error is null;
    }

    private static IResult ZoneProblem() => Problems.Validation("timeZone", "Must be an IANA time zone such as Europe/Paris.");

    /// <summary>
    /// How many of the weeks have each hour set. Counted here rather than in SQL, where each hour took a pass over the
    /// sampled followers: 168 passes, about half a second for 5,000 active followers (docs/insights.md "Most active times").
    /// </summary>
    private static int[] CountByHour(List<WeekRow> weeks)
    {
        var hours = new int[HoursOfWeek];
        foreach (var week in weeks)
            for (var h = 0; h < HoursOfWeek; h++)
                if (week.Hours[h]) hours[h]++;
        return hours;
    }

    private const int HoursOfWeek = 168;

    /// <summary>One follower's active hours of the week, bit 0 first (Npgsql reads bit(168) as a BitArray, bit 0 = index 0).</summary>
    private sealed class WeekRow
    {
        public BitArray Hours { get; init; } = new(HoursOfWeek);
    }
}

/// <summary>
/// The followers' most active times. <see cref="Available"/> is false (and <see cref="Days"/> absent) until at least
/// <see cref="MinimumFollowers"/> followers were active in the window (<see cref="Since"/> to <see cref="Until"/>: last
/// week's Monday, UTC, to now). Each day lists 24 counts, hour 0 first, in the hours of <see cref="TimeZone"/> when one was
/// asked for (then <see cref="UtcOffset"/> is absent), else of <see cref="UtcOffset"/> (0: UTC).
/// </summary>
public sealed record ActiveTimes(bool Available, int MinimumFollowers, int? UtcOffset, string? TimeZone, DateTimeOffset Since, DateTimeOffset Until,
    int? FollowersActive, IReadOnlyList<ActiveDay>? Days);

/// <summary>How many of the counted followers were active in each hour of <see cref="Day"/> (monday … sunday).</summary>
public sealed record ActiveDay(string Day, IReadOnlyList<int> Hours);
