using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Fowergram.Platform.Presence;

/// <summary>
/// Writes the pending <see cref="PresenceMarks"/> in one statement: the Server host every few seconds
/// (PresenceFlushService), the Functions host after each request that left marks (PresenceFlushMiddleware). A mark only
/// moves an account's last_active_at forward and marks its hour of the week (docs/insights.md "Most active times"). Marks of accounts deleted meanwhile are skipped. A failed write is logged
/// and its marks dropped: presence is not something a user wrote, and the next request notes it again.
/// </summary>
public sealed class PresenceWriter(NpgsqlDataSource db, PresenceMarks marks, ILogger<PresenceWriter> logger)
{
    /// <summary>
    /// Also sets the mark's hour of the week (UTC, Monday 00:00 = bit 0) in the account's active hours (migration 0189): in
    /// active_hours when it falls in active_week, in previous_active_hours when it falls in the week before; a mark of a
    /// later week starts a new week (the current one becoming the previous when it is the week just before). Every SET reads
    /// the row as it was, so the CASEs see the old week. Then each mark's minute counts once towards its UTC day's time spent
    /// (migration 0192): only a minute later than the day's last counted one adds, so another instance's mark of a minute
    /// already counted adds nothing.
    /// </summary>
    private const string Upsert = """
        INSERT INTO account_presence AS p (user_id, last_active_at, active_week, active_hours)
        SELECT m.user_id, m.at, w.week, set_bit(repeat('0', 168)::bit(168), w.hour, 1)
          FROM unnest(@ids::uuid[], @ats::timestamptz[]) AS m (user_id, at)
          CROSS JOIN LATERAL (SELECT date_trunc('week', m.at AT TIME ZONE 'UTC')::date AS week,
                                     (extract(isodow FROM m.at AT TIME ZONE 'UTC')::int - 1) * 24
                                     + extract(hour FROM m.at AT TIME ZONE 'UTC')::int AS hour) w
         WHERE EXISTS (SELECT 1 FROM users u WHERE u.id = m.user_id)
        ON CONFLICT (user_id) DO UPDATE SET
            last_active_at = greatest(p.last_active_at, excluded.last_active_at),
            active_week = greatest(p.active_week, excluded.active_week),
            active_hours = CASE WHEN excluded.active_week = p.active_week THEN p.active_hours | excluded.active_hours
                                WHEN p.active_week IS NULL OR excluded.active_week > p.active_week THEN excluded.active_hours
                                ELSE p.active_hours END,
            previous_active_hours = CASE WHEN p.active_week IS NULL OR excluded.active_week = p.active_week THEN p.previous_active_hours
                                         WHEN excluded.active_week = p.active_week + 7 THEN p.active_hours
                                         WHEN excluded.active_week > p.active_week THEN repeat('0', 168)::bit(168)
                                         WHEN excluded.active_week = p.active_week - 7 THEN p.previous_active_hours | excluded.active_hours
                                         ELSE p.previous_active_hours END;
        INSERT INTO account_time_spent AS t (user_id, day, minutes, last_minute)
        SELECT m.user_id, (m.at AT TIME ZONE 'UTC')::date, 1, date_trunc('minute', m.at)
          FROM unnest(@ids::uuid[], @ats::timestamptz[]) AS m (user_id, at)
         WHERE EXISTS (SELECT 1 FROM users u WHERE u.id = m.user_id)
        ON CONFLICT (user_id, day) DO UPDATE SET minutes = t.minutes + 1, last_minute = excluded.last_minute
         WHERE excluded.last_minute > t.last_minute
        """;

    /// <summary>Writes what is pending; answers how many rows the statements wrote (presence and time spent).</summary>
    public async Task<int> FlushAsync(CancellationToken ct)
    {
        var taken = marks.Take();
        if (taken.Count == 0) return 0;
        try
        {
            await using var conn = await db.OpenConnectionAsync(ct);
            return await conn.ExecuteAsync(new CommandDefinition(Upsert,
                new { ids = taken.Select(m => m.UserId).ToArray(), ats = taken.Select(m => m.At).ToArray() }, cancellationToken: ct));
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            logger.LogWarning(ex, "Writing the activity status of {Count} accounts failed; their next requests note them again", taken.Count);
            return 0;
        }
    }
}
