using Dapper;
using Npgsql;

namespace Fowergram.Platform.Profiles;

/// <summary>A span of quiet mode: from <paramref name="StartedAt"/> until <paramref name="EndsAt"/> (null: until turned off).</summary>
public sealed record QuietPeriod(DateTimeOffset StartedAt, DateTimeOffset? EndsAt);

/// <summary>
/// An account's quiet mode (docs/accounts.md "Quiet mode", migration 0177): its latest on-demand period (turned on at
/// <see cref="Since"/>, ending at <see cref="Until"/>, null while it runs until turned off) and a weekly schedule. The
/// account is quiet while either holds; periods that touch or overlap are one period (a schedule starting while an
/// on-demand period runs extends it). Nothing is stored per period: every read computes them from the settings and its
/// own clock, so nothing waits for a job.
/// </summary>
public sealed class QuietMode(DateTimeOffset? since, DateTimeOffset? until, QuietSchedule? schedule)
{
    /// <summary>How far around now schedule windows are looked at: the last week's periods, and a chain of windows ahead.</summary>
    private static readonly TimeSpan Horizon = TimeSpan.FromDays(8);

    public DateTimeOffset? Since { get; } = since;
    public DateTimeOffset? Until { get; } = until;
    public QuietSchedule? Schedule { get; } = schedule;

    /// <summary>Whether the on-demand period runs at <paramref name="now"/>.</summary>
    public bool OnDemandAt(DateTimeOffset now) => Since is { } s && s <= now && (Until is null || now < Until);

    /// <summary>The period <paramref name="now"/> is in (null: not quiet now).</summary>
    public QuietPeriod? Current(DateTimeOffset now) =>
        Merged(now).Where(p => p.Start <= now && now < p.End).Select(ToPeriod).FirstOrDefault();

    /// <summary>How long ago the last period may have ended to still be the summary's (and the list's duringQuietMode).</summary>
    public static readonly TimeSpan LastWithin = TimeSpan.FromDays(7);

    /// <summary>
    /// The period the summary covers: the current one, else the one that ended last within <see cref="LastWithin"/> (null: none).
    /// The on-demand period is kept however old, so without the bound a month-old one was still "the last".
    /// </summary>
    public QuietPeriod? Last(DateTimeOffset now) =>
        Current(now) ?? Merged(now).Where(p => p.End <= now && p.End > now - LastWithin).OrderByDescending(p => p.End).Select(ToPeriod).FirstOrDefault();

    private static QuietPeriod ToPeriod((DateTimeOffset Start, DateTimeOffset End) p) =>
        new(p.Start, p.End == DateTimeOffset.MaxValue ? null : p.End);

    /// <summary>The on-demand period and the schedule's windows near <paramref name="now"/>, overlapping or touching ones joined.</summary>
    private List<(DateTimeOffset Start, DateTimeOffset End)> Merged(DateTimeOffset now)
    {
        var spans = new List<(DateTimeOffset Start, DateTimeOffset End)>();
        if (Since is { } s && (Until is not { } u || u > s)) spans.Add((s, Until ?? DateTimeOffset.MaxValue));
        if (Schedule is not null) spans.AddRange(Schedule.Windows(now - Horizon, now + Horizon));
        spans.Sort((a, b) => a.Start.CompareTo(b.Start));
        var merged = new List<(DateTimeOffset Start, DateTimeOffset End)>();
        foreach (var span in spans)
        {
            if (merged.Count > 0 && span.Start <= merged[^1].End)
                merged[^1] = (merged[^1].Start, span.End > merged[^1].End ? span.End : merged[^1].End);
            else merged.Add(span);
        }
        return merged;
    }

    /// <summary>The settings columns of <c>users</c> alias <paramref name="u"/>, as <see cref="QuietModeRow"/> reads them.</summary>
    public static string Columns(string u) => $"""
        {u}.quiet_mode_since, {u}.quiet_mode_until, {u}.quiet_schedule_days, to_char({u}.quiet_schedule_from, 'HH24:MI') AS quiet_schedule_from,
        to_char({u}.quiet_schedule_to, 'HH24:MI') AS quiet_schedule_to, {u}.quiet_schedule_time_zone
        """;

    private static readonly string Read = $"SELECT {Columns("u")} FROM users u WHERE u.id = @userId AND u.is_active AND u.deleted_at IS NULL";

    /// <summary>The quiet mode of a live account (null: deleted or deactivated).</summary>
    public static async Task<QuietMode?> LoadAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Guid userId, CancellationToken ct) =>
        (await conn.QuerySingleOrDefaultAsync<QuietModeRow>(new CommandDefinition(Read, new { userId }, tx, cancellationToken: ct)))?.ToQuietMode();
}

/// <summary>The columns of <see cref="QuietMode.Columns"/>.</summary>
public class QuietModeRow
{
    public DateTimeOffset? QuietModeSince { get; init; }
    public DateTimeOffset? QuietModeUntil { get; init; }
    public string[]? QuietScheduleDays { get; init; }
    public string? QuietScheduleFrom { get; init; }
    public string? QuietScheduleTo { get; init; }
    public string? QuietScheduleTimeZone { get; init; }

    public QuietMode ToQuietMode() => new(QuietModeSince, QuietModeUntil,
        QuietScheduleDays is { } days && QuietSchedule.TryCreate(days, QuietScheduleFrom, QuietScheduleTo, QuietScheduleTimeZone, out var schedule, out _)
            ? schedule : null);
}
