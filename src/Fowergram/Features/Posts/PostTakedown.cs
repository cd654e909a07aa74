using Dapper;
using Fowergram.Platform.Events;
using Fowergram.Platform.Moderation;
using Npgsql;

namespace Fowergram.Features.Posts;

/// <summary>
/// A reported post removed by a moderator: the author's soft delete (post.deleted: feeds, hashtag counts and the media
/// clean-up follow), never restorable. A post its author deleted and could still restore is taken down too — only made
/// final, with no second event — so deleting a reported post and restoring it once the report is closed gets round nothing.
/// The post is locked FOR NO KEY UPDATE, as its UPDATE would lock it: FOR UPDATE made the takedown wait for every like or
/// comment in flight, whose foreign key checks key-share the post (TakedownLockTests).
/// </summary>
public sealed class PostTakedown(TimeProvider time) : ITakedown
{
    private const string Remove = """
        WITH target AS (
            SELECT id, deleted_at IS NULL AS live FROM posts
            WHERE id = @postId AND (deleted_at IS NULL OR restorable_until > @now) FOR NO KEY UPDATE)
        UPDATE posts p SET deleted_at = coalesce(p.deleted_at, @now), restorable_until = NULL, updated_at = @now
        FROM target t WHERE p.id = t.id
        RETURNING p.user_id, p.created_at, t.live
        """;

    public IReadOnlyCollection<string> TargetTypes { get; } = ["post"];

    public async Task<Takedown> TakeDownAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string targetType, Guid targetId, DateTimeOffset now,
        CancellationToken ct)
    {
        var gone = (await conn.QueryAsync<(Guid UserId, DateTimeOffset CreatedAt, bool Live)>(new CommandDefinition(Remove,
            new { postId = targetId, now }, tx, cancellationToken: ct))).ToList();
        foreach (var post in gone.Where(p => p.Live))
            await Outbox.EnqueueAsync(conn, tx, time, PostEvents.Deleted, null, PostEvent.Of(targetId, post.UserId, post.CreatedAt), ct);
        return gone.Count == 0 ? Takedown.Gone : gone[0].Live ? Takedown.Removed : Takedown.Finalised;
    }
}
