using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Fowergram.Platform.Presence;

/// <summary>
/// Writes the pending <see cref="PresenceMarks"/> in one statement: the Server host every few seconds
/// (PresenceFlushService), the Functions host after each request that left marks (PresenceFlushMiddleware). A mark only
/// moves an account's last_active_at forward. Marks of accounts deleted meanwhile are skipped. A failed write is logged
/// and its marks dropped: presence is not something a user wrote, and the next request notes it again.
/// </summary>
public sealed class PresenceWriter(NpgsqlDataSource db, PresenceMarks marks, ILogger<PresenceWriter> logger)
{
    private const string Upsert = """
        INSERT INTO account_presence AS p (user_id, last_active_at)
        SELECT m.user_id, m.at FROM unnest(@ids::uuid[], @ats::timestamptz[]) AS m (user_id, at)
         WHERE EXISTS (SELECT 1 FROM users u WHERE u.id = m.user_id)
        ON CONFLICT (user_id) DO UPDATE SET last_active_at = greatest(p.last_active_at, excluded.last_active_at)
        """;

    /// <summary>Writes what is pending; answers how many accounts were written.</summary>
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
