using Dapper;
using Fowergram.Platform.Events;
using Fowergram.Platform.Purge;
using Npgsql;

namespace Fowergram.Features.Social;

/// <summary>
/// A purged account's follows, both ways, removed with follow.deleted as a block removes them: social-counters
/// takes each counted row off both accounts' counts, and the feed and notices follow.
/// </summary>
public sealed class FollowsPurgeStep(TimeProvider time) : IAccountPurgeStep
{
    private const string RemoveBatch = """
        DELETE FROM follows f
         USING (SELECT follower_id, following_id FROM follows WHERE follower_id = @userId
                UNION ALL
                SELECT follower_id, following_id FROM follows WHERE following_id = @userId
                LIMIT @limit) pick
         WHERE f.follower_id = pick.follower_id AND f.following_id = pick.following_id
        RETURNING f.follower_id, f.following_id, f.counted
        """;

    public string Name => "follows";

    public async Task<int> PurgeAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid userId, int limit, DateTimeOffset now, CancellationToken ct)
    {
        var removed = (await conn.QueryAsync<RemovedFollow>(new CommandDefinition(RemoveBatch, new { userId, limit }, tx, cancellationToken: ct))).ToList();
        await Outbox.EnqueueManyAsync(conn, tx, time, SocialEvents.FollowDeleted, null,
            removed.Select(f => new FollowDeletedPayload(f.FollowerId, f.FollowingId, f.Counted, FollowDeletedPayload.AccountDeleted)).ToList(), ct);
        return removed.Count;
    }
}
