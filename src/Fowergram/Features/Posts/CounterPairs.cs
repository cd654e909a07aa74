using Dapper;
using Npgsql;

namespace Fowergram.Features.Posts;

/// <summary>
/// Events of one post are delivered in any order and concurrently (Service Bus, several dispatchers), so
/// an unlike can reach post-counters before the like it undoes. Applying it first could take a counter
/// below zero. Instead the decrement first looks for its increment still in flight — same post, same
/// comment, same actor — and, if there is one, claims it: it writes the increment's processed marker
/// itself and both are done with no change to the counter (+1 − 1). The increment's own delivery then
/// finds the marker and does nothing. If the increment's consumer holds the marker at that moment, the
/// claim waits for it to commit and then finds it applied, so the decrement is safe to apply.
/// </summary>
internal static class CounterPairs
{
    private const string Consumer = PostCountersConsumer.ConsumerName;

    private const string Unprocessed = $"""
        AND o.occurred_at > @since
        AND NOT EXISTS (SELECT 1 FROM processed_events e WHERE e.consumer = '{Consumer}' AND e.event_id = o.id)
        ORDER BY o.occurred_at LIMIT 1
        """;

    private const string PostLike = $"""
        SELECT o.id FROM outbox o
        WHERE o.type = 'post.liked' AND o.payload->>'postId' = @postKey AND o.payload->>'commentId' IS NULL AND o.actor_id = @actorId
        {Unprocessed}
        """;

    private const string CommentLike = $"""
        SELECT o.id FROM outbox o
        WHERE o.type = 'comment.liked' AND o.payload->>'postId' = @postKey AND o.payload->>'commentId' = @commentKey AND o.actor_id = @actorId
        {Unprocessed}
        """;

    // A comment counts again by its creation or by a moderator's removal reversed: a deletion overtaking either cancels it.
    private const string CommentCreated = $"""
        SELECT o.id FROM outbox o
        WHERE o.type IN ('comment.created', 'comment.restored') AND o.payload->>'postId' = @postKey AND o.payload->>'commentId' = @commentKey
        {Unprocessed}
        """;

    private const string Claim = $"""
        INSERT INTO processed_events (consumer, event_id, processed_at) VALUES ('{Consumer}', @eventId, @now)
        ON CONFLICT (consumer, event_id) DO NOTHING
        """;

    public static Task<bool> CancelLikeAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid postId, Guid actorId, DateTimeOffset now, CancellationToken ct) =>
        CancelAsync(conn, tx, PostLike, postId, null, actorId, now, ct);

    public static Task<bool> CancelCommentLikeAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid postId, Guid commentId, Guid actorId,
        DateTimeOffset now, CancellationToken ct) => CancelAsync(conn, tx, CommentLike, postId, commentId, actorId, now, ct);

    public static Task<bool> CancelCommentAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid postId, Guid commentId, DateTimeOffset now,
        CancellationToken ct) => CancelAsync(conn, tx, CommentCreated, postId, commentId, null, now, ct);

    /// <summary>True when an in-flight increment was claimed (the decrement must not be applied).</summary>
    private static async Task<bool> CancelAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string findSql, Guid postId, Guid? commentId,
        Guid? actorId, DateTimeOffset now, CancellationToken ct)
    {
        var args = new { postKey = postId.ToString("D"), commentKey = commentId?.ToString("D"), actorId, since = now - EngagementCounters.InFlightWindow };
        // Each lost race means another transaction processed that increment; a few rounds always settle it.
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var eventId = await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(findSql, args, tx, cancellationToken: ct));
            if (eventId is null) return false;
            if (await conn.ExecuteAsync(new CommandDefinition(Claim, new { eventId, now }, tx, cancellationToken: ct)) == 1) return true;
        }
        return false;
    }
}
