using Dapper;
using Fowergram.Platform.Purge;
using Npgsql;

namespace Fowergram.Features.Messages;

/// <summary>
/// A purged account's messages that carry a reel or a long-form video, removed as its unsends would be (reel.unshared,
/// igtv_video.unshared), so the share counts of everyone else's reels and videos drop with them; the final DELETE of the
/// account would otherwise cascade them away with no event. Its other messages go with that DELETE, as before.
/// </summary>
public sealed class MessageSharesPurgeStep(TimeProvider time) : IAccountPurgeStep
{
    private const string RemoveShares = """
        DELETE FROM messages
         WHERE id IN (SELECT id FROM messages
                       WHERE sender_id = @userId AND (shared_reel_id IS NOT NULL OR shared_video_id IS NOT NULL) LIMIT @limit)
        RETURNING id, shared_reel_id, shared_video_id
        """;

    public string Name => "message shares";

    public async Task<int> PurgeAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid userId, int limit, DateTimeOffset now, CancellationToken ct)
    {
        var removed = (await conn.QueryAsync<SharedThing>(new CommandDefinition(RemoveShares, new { userId, limit }, tx, cancellationToken: ct))).ToList();
        await MessageShares.RaiseAsync(conn, tx, time, userId, removed, removed: true, ct);
        return removed.Count;
    }
}
