using Dapper;
using Fowergram.Platform.Events;
using Npgsql;

namespace Fowergram.Features.Social;

/// <summary>
/// Keeps user_stats.follower_count and following_count exact. Deliveries may come late, twice or out
/// of order (follow.deleted before its follow.created), so a delta is tied to the follow row: the
/// first event to see a row sets follows.counted and adds one; a deletion subtracts one only when the
/// deleted row had been counted (follow.deleted carries it). A row is therefore added at most once and
/// subtracted only after being added: counts never go negative and end equal to count(*) of follows.
/// </summary>
public sealed class SocialCountersConsumer(TimeProvider time) : IEventConsumer
{
    public const string ConsumerName = "social-counters";

    private const string MarkCounted = """
        UPDATE follows SET counted = true
        WHERE follower_id = @follower AND following_id = @following AND NOT counted
        """;

    // Both users' rows in one statement, in id order: two consumers never lock them in opposite orders.
    private const string Add = """
        INSERT INTO user_stats (user_id, follower_count, following_count, updated_at)
        SELECT id, CASE WHEN id = @following THEN 1 ELSE 0 END, CASE WHEN id = @follower THEN 1 ELSE 0 END, @now
        FROM unnest(ARRAY[@follower, @following]) AS id
        ORDER BY id
        ON CONFLICT (user_id) DO UPDATE
           SET follower_count = user_stats.follower_count + EXCLUDED.follower_count,
               following_count = user_stats.following_count + EXCLUDED.following_count,
               updated_at = EXCLUDED.updated_at
        """;

    // A counted row was added by Add, so both stats rows exist; locked in id order like Add.
    private const string Subtract = """
        WITH locked AS (
            SELECT user_id FROM user_stats WHERE user_id IN (@follower, @following) ORDER BY user_id FOR UPDATE)
        UPDATE user_stats s
           SET follower_count = s.follower_count - CASE WHEN s.user_id = @following THEN 1 ELSE 0 END,
               following_count = s.following_count - CASE WHEN s.user_id = @follower THEN 1 ELSE 0 END,
               updated_at = @now
        FROM locked WHERE s.user_id = locked.user_id
        """;

    // A run of follows of one account: the rows not yet counted, marked in one statement.
    private const string MarkCountedMany = """
        UPDATE follows SET counted = true
        WHERE following_id = @following AND follower_id = ANY(@followers) AND NOT counted
        RETURNING follower_id
        """;

    // The followed account gains one per counted row, each follower one; all rows in one statement in id order, as Add.
    private const string AddMany = """
        INSERT INTO user_stats (user_id, follower_count, following_count, updated_at)
        SELECT id, CASE WHEN id = @following THEN @gained ELSE 0 END, CASE WHEN id = @following THEN 0 ELSE 1 END, @now
        FROM unnest(array_append(@followers, @following)) AS id
        ORDER BY id
        ON CONFLICT (user_id) DO UPDATE
           SET follower_count = user_stats.follower_count + EXCLUDED.follower_count,
               following_count = user_stats.following_count + EXCLUDED.following_count,
               updated_at = EXCLUDED.updated_at
        """;

    public string Name => ConsumerName;

    /// <summary>
    /// Follows of one account next to each other in a batch (a popular account gaining followers) are counted
    /// in two statements instead of two each. The effect reads follows.counted, never markers.
    /// </summary>
    public string? RunKey(EventEnvelope envelope) => envelope.Type == SocialEvents.FollowCreated
        ? $"{SocialEvents.FollowCreated} {envelope.PayloadAs<FollowPayload>().FollowingId}"
        : null;

    public async Task HandleRunAsync(IReadOnlyList<EventEnvelope> run, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        var following = run[0].PayloadAs<FollowPayload>().FollowingId;
        var followers = run.Select(e => e.PayloadAs<FollowPayload>().FollowerId).Distinct().ToArray();
        var counted = (await connection.QueryAsync<Guid>(new CommandDefinition(MarkCountedMany, new { following, followers },
            transaction, cancellationToken: ct))).ToArray();
        if (counted.Length == 0) return;
        await connection.ExecuteAsync(new CommandDefinition(AddMany, new { following, followers = counted, gained = counted.Length, now = time.GetUtcNow() },
            transaction, cancellationToken: ct));
    }

    public bool Handles(string eventType) => eventType is SocialEvents.FollowCreated or SocialEvents.FollowDeleted;

    public async Task HandleAsync(EventEnvelope envelope, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        if (envelope.Type == SocialEvents.FollowCreated)
        {
            var follow = envelope.PayloadAs<FollowPayload>();
            var args = new { follower = follow.FollowerId, following = follow.FollowingId, now = time.GetUtcNow() };
            // No row: it was deleted first, uncounted (its follow.deleted subtracts nothing), or it is a
            // newer follow of the same pair that its own follow.created will find already counted.
            if (await connection.ExecuteAsync(new CommandDefinition(MarkCounted, args, transaction, cancellationToken: ct)) == 1)
                await connection.ExecuteAsync(new CommandDefinition(Add, args, transaction, cancellationToken: ct));
            return;
        }
        var removed = envelope.PayloadAs<FollowDeletedPayload>();
        if (!removed.WasCounted) return;
        await connection.ExecuteAsync(new CommandDefinition(Subtract,
            new { follower = removed.FollowerId, following = removed.FollowingId, now = time.GetUtcNow() }, transaction, cancellationToken: ct));
    }
}
