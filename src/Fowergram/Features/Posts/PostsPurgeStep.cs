using Dapper;
using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Fowergram.Platform.Purge;
using Npgsql;

namespace Fowergram.Features.Posts;

/// <summary>
/// A purged account's likes (post.unliked: post-counters takes them off others' posts, the like notices are
/// taken back) and its own posts (post.deleted, as the owner deleting them: hashtag counts, feeds and the
/// post media clean-up follow).
/// </summary>
public sealed class PostsPurgeStep(TimeProvider time) : IAccountPurgeStep
{
    private static readonly string RemoveLikes = LikeStatements.PurgeOf(("likes", "post_id"), "posts");

    // Live posts and the ones in "Recently deleted" (made final: no restoring an account's posts after its purge). The
    // lock re-reads a row a concurrent run changed, so each post is deleted (and raised, if it was live) once.
    private const string DeletePosts = """
        WITH target AS (
            SELECT id, deleted_at IS NULL AS live FROM posts
            WHERE user_id = @userId AND (deleted_at IS NULL OR restorable_until IS NOT NULL) LIMIT @limit FOR UPDATE)
        UPDATE posts p SET deleted_at = coalesce(p.deleted_at, @now), restorable_until = NULL, updated_at = @now
        FROM target t WHERE p.id = t.id
        RETURNING p.id, p.created_at, t.live
        """;

    public string Name => "posts";

    public async Task<int> PurgeAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid userId, int limit, DateTimeOffset now, CancellationToken ct)
    {
        var likes = (await conn.QueryAsync<(Guid PostId, Guid AuthorId)>(new CommandDefinition(RemoveLikes, new { userId, limit }, tx, cancellationToken: ct))).ToList();
        await Outbox.EnqueueManyAsync(conn, tx, time, PostEvents.Unliked, userId, likes.Select(l => PostUserEvent.Of(l.PostId, l.AuthorId, userId)).ToList(), ct);
        if (likes.Count > 0) return likes.Count;

        var posts = (await conn.QueryAsync<(Guid Id, DateTimeOffset CreatedAt, bool Live)>(new CommandDefinition(DeletePosts,
            new { userId, limit, now }, tx, cancellationToken: ct))).ToList();
        await Outbox.EnqueueManyAsync(conn, tx, time, PostEvents.Deleted, null,
            posts.Where(p => p.Live).Select(p => PostEvent.Of(p.Id, userId, p.CreatedAt)).ToList(), ct);
        return posts.Count;
    }
}
