namespace Fowergram.Features.Insights;

/// <summary>
/// The reads behind GET /users/me/insights/active-times (docs/insights.md "Most active times"), from account_presence: each
/// follower's hours of the current UTC week (@week, a Monday) and of the week before, one bit per UTC hour.
/// </summary>
internal static class ActiveTimesSql
{
    /// <summary>
    /// The newest @sample live followers who show their activity status (those who hid it are not counted: when they are
    /// online is what they chose not to show), and of them those active since the week before @week: each one's hours of
    /// last week and of this week (a row of last week holds last week in active_hours, and nothing of this week).
    /// </summary>
    private const string Active = """
        WITH sample AS MATERIALIZED (
            SELECT f.follower_id FROM follows f JOIN users u ON u.id = f.follower_id
             WHERE f.following_id = @viewer AND u.deleted_at IS NULL AND u.is_active AND u.show_activity_status
             ORDER BY f.created_at DESC, f.follower_id DESC LIMIT @sample
        ), active AS MATERIALIZED (
            SELECT s.follower_id,
                   CASE WHEN p.active_week = @week THEN p.previous_active_hours ELSE p.active_hours END AS last_week,
                   CASE WHEN p.active_week = @week THEN p.active_hours ELSE repeat('0', 168)::bit(168) END AS this_week
              FROM sample s JOIN account_presence p ON p.user_id = s.follower_id
             WHERE p.active_week >= @week - 7
        )
        """;

    /// <summary>
    /// Each active follower's hours of the week in UTC, this week's and last week's OR-ed (a follower counts once per
    /// hour). The counting per hour is the caller's (<see cref="ActiveTimesApi"/>): in SQL it took one pass over the
    /// followers per hour, 168 of them (docs/insights.md "Most active times").
    /// </summary>
    public static readonly string ByUtcHour = Active + """
        SELECT a.last_week | a.this_week AS hours FROM active a
        """;

    /// <summary>
    /// The same in the zone @zone: each active follower's local hours of the week (bit 0: Monday 00:00–00:59 local). Each of the two weeks' 336 UTC
    /// hours belongs in the local hour its start falls in, at that instant's own offset (AT TIME ZONE), so a week across a
    /// daylight-saving change is right on both sides of it. The hours of one week at one offset move together: they are
    /// masked out of the week's bits and rotated by that offset (two pieces a week, three or four across a change), and the
    /// pieces OR-ed into one local week per follower, which is counted as the UTC one is. So a follower counts once per
    /// local hour (two UTC hours meet in one when the clocks go back, and the two weeks' hours always do), and the read costs
    /// about what the UTC one costs rather than a probe per follower and UTC hour (docs/insights.md "Most active times").
    /// </summary>
    public static readonly string ByLocalHour = Active + """
        , slots AS (
            SELECT s / 168 AS week, s % 168 AS hour,
                   (((extract(isodow FROM t) - 1) * 24 + extract(hour FROM t))::int - s % 168 + 168) % 168 AS shift
              FROM generate_series(0, 335) s,
                   LATERAL (SELECT (@lastWeek::timestamptz + s * interval '1 hour') AT TIME ZONE @zone AS t) l
        ), pieces AS MATERIALIZED (
            SELECT week, shift, bit_or(set_bit(repeat('0', 168)::bit(168), hour, 1)) AS mask FROM slots GROUP BY week, shift
        ), local AS (
            SELECT (SELECT bit_or((b >> p.shift) | (b << (168 - p.shift)))
                      FROM pieces p, LATERAL (SELECT (CASE WHEN p.week = 0 THEN a.last_week ELSE a.this_week END) & p.mask AS b) x) AS hours
              FROM active a
        )
        SELECT l.hours FROM local l
        """;
}
