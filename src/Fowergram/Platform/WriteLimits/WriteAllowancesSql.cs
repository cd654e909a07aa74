namespace Fowergram.Platform.WriteLimits;

/// <summary>The statements of write_allowances (migration 0259).</summary>
internal static class WriteAllowancesSql
{
    /// <summary>
    /// Spends one slot of both windows, or nothing: a row answers only when both had room (a window that ended starts again at
    /// @now with this write). ON CONFLICT locks the account's row and judges the WHERE on its newest version, so two writes at
    /// the edge take turns and the second sees the first's slot: the allowance is never exceeded. The lock is held to the end
    /// of the write's transaction, which is why callers spend last, just before their commit.
    /// </summary>
    public const string Spend = """
        INSERT INTO write_allowances AS a (user_id, kind, hour_start, hour_used, day_start, day_used)
        VALUES (@userId, @kind, @now, 1, @now, 1)
        ON CONFLICT (user_id, kind) DO UPDATE SET
            hour_start = CASE WHEN a.hour_start > @hourAgo THEN a.hour_start ELSE @now END,
            hour_used = CASE WHEN a.hour_start > @hourAgo THEN a.hour_used + 1 ELSE 1 END,
            day_start = CASE WHEN a.day_start > @dayAgo THEN a.day_start ELSE @now END,
            day_used = CASE WHEN a.day_start > @dayAgo THEN a.day_used + 1 ELSE 1 END
        WHERE (a.hour_start <= @hourAgo OR a.hour_used < @perHour) AND (a.day_start <= @dayAgo OR a.day_used < @perDay)
        RETURNING 1
        """;

    /// <summary>The row a refused spend left locked, read by a statement of its own so it is the newest version.</summary>
    public const string Windows = """
        SELECT hour_start, hour_used, day_start, day_used FROM write_allowances WHERE user_id = @userId AND kind = @kind
        """;

    /// <summary>Every kind's row of one account, for what is left of each.</summary>
    public const string OfAccount = """
        SELECT kind, hour_start, hour_used, day_start, day_used FROM write_allowances WHERE user_id = @userId
        """;

    /// <summary>Housekeeping: rows whose both windows ended (write_allowances_day finds them).</summary>
    public const string Stale = "day_start <= @allowanceDayAgo AND hour_start <= @allowanceHourAgo";
}
