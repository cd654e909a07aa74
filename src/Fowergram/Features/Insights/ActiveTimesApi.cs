using System.Globalization;
using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fowergram.Features.Insights;

/// <summary>
/// GET /users/me/insights/active-times (docs/insights.md "Most active times"): in which hours of the week the caller's
/// followers were active over this week and the last (UTC, or shifted by whole hours with <c>utcOffset</c>), counted from
/// the hours their requests were noted in (account_presence, migration 0189). Counts only, and only from
/// <see cref="InsightsOptions.ActiveTimesMinimumFollowers"/> active followers on.
/// </summary>
public sealed class ActiveTimesApi(NpgsqlDataSource db, AccessTokens tokens, TimeProvider time, IOptions<InsightsOptions> options)
{
    /// <summary>The followers counted: the most recent ones, so one read stays bounded whatever the account's size.</summary>
    public const int Sample = 5_000;

    private static readonly string[] Days = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

    /// <summary>
    /// The newest @sample live followers who show their activity status (those who hid it are not counted: when they are
    /// online is what they chose not to show), the hours of those active since the week before @week, and per hour of the
    /// week how many of them were active in it. The previous week's hours count only while the row's week is @week (a row of
    /// last week holds last week in active_hours). And whether the caller is live: a token outlives a deleted, deactivated or
    /// suspended account by minutes, and such an owner reads no insights (401).
    /// </summary>
    private static readonly string Counts = $"""
        WITH sample AS MATERIALIZED (
            SELECT f.follower_id FROM follows f JOIN users u ON u.id = f.follower_id
             WHERE f.following_id = @viewer AND u.deleted_at IS NULL AND u.is_active AND u.show_activity_status
             ORDER BY f.created_at DESC, f.follower_id DESC LIMIT @sample
        ), active AS MATERIALIZED (
            SELECT CASE WHEN p.active_week = @week THEN p.active_hours | p.previous_active_hours ELSE p.active_hours END AS hours
              FROM sample s JOIN account_presence p ON p.user_id = s.follower_id
             WHERE p.active_week >= @week - 7
        )
        SELECT {LiveCaller.Is("@viewer")} AS live, (SELECT count(*) FROM active)::int AS followers_active,
               ARRAY(SELECT (SELECT count(*) FROM active a WHERE get_bit(a.hours, h) = 1)::int
                       FROM generate_series(0, 167) h ORDER BY h) AS hours
        """;

    public async Task<IResult> Get(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!TryReadOffset(request, out var offset, out var invalid)) return invalid!;
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var week = today.AddDays(-(((int)today.DayOfWeek + 6) % 7)); // this week's Monday (UTC)
        await using var conn = await db.OpenConnectionAsync(ct);
        var row = await conn.QuerySingleAsync<CountsRow>(new CommandDefinition(Counts,
            new { viewer = caller.UserId, week, sample = Sample }, cancellationToken: ct));
        if (!row.Live) return Problems.AccountGone();
        var minimum = options.Value.ActiveTimesMinimumFollowers;
        var since = new DateTimeOffset(week.AddDays(-7).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        if (row.FollowersActive < minimum) return Api.Ok(new ActiveTimes(false, minimum, offset, since, now, null, null));
        var days = Enumerable.Range(0, 7).Select(d => new ActiveDay(Days[d],
            Enumerable.Range(0, 24).Select(h => row.Hours[((d * 24 + h - offset) % 168 + 168) % 168]).ToList())).ToList();
        return Api.Ok(new ActiveTimes(true, minimum, offset, since, now, row.FollowersActive, days));
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

    private sealed class CountsRow
    {
        public bool Live { get; init; }
        public int FollowersActive { get; init; }
        public int[] Hours { get; init; } = [];
    }
}

/// <summary>
/// The followers' most active times. <see cref="Available"/> is false (and <see cref="Days"/> absent) until at least
/// <see cref="MinimumFollowers"/> followers were active in the window (<see cref="Since"/> to <see cref="Until"/>: last
/// week's Monday, UTC, to now). Each day lists 24 counts, hour 0 first, in the hours of <see cref="UtcOffset"/>.
/// </summary>
public sealed record ActiveTimes(bool Available, int MinimumFollowers, int UtcOffset, DateTimeOffset Since, DateTimeOffset Until,
    int? FollowersActive, IReadOnlyList<ActiveDay>? Days);

/// <summary>How many of the counted followers were active in each hour of <see cref="Day"/> (monday … sunday).</summary>
public sealed record ActiveDay(string Day, IReadOnlyList<int> Hours);
