using Dapper;
using Fowergram.Platform.Events;
using Fowergram.Platform.Purge;
using Npgsql;

namespace Fowergram.Features.Live;

/// <summary>
/// A purged account's broadcasts stop before the rows go (docs/live.md): its live broadcast ends (viewers closed,
/// live_stream.ended with no actor), its not-yet-started ones are cancelled; and where it is itself watching someone
/// else's live broadcast it leaves, so that stream's viewer count stays exact when the final DELETE cascades its rows away
/// (an ended broadcast's open rows are counted out already: LiveSql.End).
/// Its comments pinned on others' broadcasts are unpinned here, each stream's row taken first as every writer of a broadcast
/// takes it (docs/live.md): left to the final DELETE, the cascade would lock the comments first and the stream row after
/// (pinned_comment_id ON DELETE SET NULL), and an approve, pin or delete holding the stream row and waiting on one of those
/// comments would deadlock with it.
/// </summary>
public sealed class LivePurgeStep(TimeProvider time) : IAccountPurgeStep
{
    private const string Own = """
        SELECT id, status FROM live_streams WHERE user_id = @userId AND status IN ('scheduled', 'live')
        ORDER BY id LIMIT @limit FOR NO KEY UPDATE
        """;

    private const string Watching = """
        SELECT ls.id FROM live_stream_viewers v JOIN live_streams ls ON ls.id = v.stream_id
        WHERE v.user_id = @userId AND v.left_at IS NULL AND ls.ended_at IS NULL ORDER BY ls.id LIMIT @limit FOR NO KEY UPDATE OF ls
        """;

    /// <summary>Locks only the streams (an UPDATE's joined rows are read, not locked); live_comments_user finds the comments.</summary>
    private const string Unpin = """
        UPDATE live_streams ls SET pinned_comment_id = NULL, updated_at = @now
          FROM live_comments c WHERE c.id = ls.pinned_comment_id AND c.user_id = @userId
        """;

    public string Name => "live";

    public async Task<int> PurgeAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid userId, int limit, DateTimeOffset now, CancellationToken ct)
    {
        var done = 0;
        foreach (var (id, status) in await conn.QueryAsync<(Guid, string)>(new CommandDefinition(Own, new { userId, limit }, tx, cancellationToken: ct)))
        {
            if (status == "live") await LiveTakedown.EndAsync(conn, tx, time, null, id, userId, now, ct);
            else await conn.ExecuteAsync(new CommandDefinition(LiveSql.Cancel, new { streamId = id, now }, tx, cancellationToken: ct));
            done++;
        }
        foreach (var streamId in await conn.QueryAsync<Guid>(new CommandDefinition(Watching, new { userId, limit }, tx, cancellationToken: ct)))
            done += await LiveAudience.CloseAsync(conn, tx, streamId, userId, now, ct);
        done += await conn.ExecuteAsync(new CommandDefinition(Unpin, new { userId, now }, tx, cancellationToken: ct));
        return done;
    }
}
