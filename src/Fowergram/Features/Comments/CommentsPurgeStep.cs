using Dapper;
using Fowergram.Features.Posts;
using Fowergram.Platform.Events;
using Fowergram.Platform.Purge;
using Npgsql;

namespace Fowergram.Features.Comments;

/// <summary>
/// A purged account's comment likes (comment.unliked) and comments (comment.deleted, a top-level comment with
/// its replies, as when its author deletes it): post-counters moves the comment, reply and like counts of
/// everyone else's posts and comments, and notices are taken back.
/// </summary>
public sealed class CommentsPurgeStep(TimeProvider time) : IAccountPurgeStep
{
    private const string RemoveLikes = """
        DELETE FROM comment_likes cl
         USING comments c
         WHERE cl.user_id = @userId AND c.id = cl.comment_id
           AND cl.comment_id IN (SELECT comment_id FROM comment_likes WHERE user_id = @userId LIMIT @limit)
        RETURNING cl.comment_id, c.user_id AS comment_author_id, c.post_id
        """;

    // The batch's top-level comments, locked before DeleteComments reads their replies, as a deletion by the author does
    // (CommentsSql.LockForRemoval): a reply being written under one (CommentsSql.LockThread) commits first and is deleted with
    // it, instead of staying live under a deleted comment. Both pick by id: the top-level comments among DeleteComments' first
    // @limit are the earliest ones, which this locked.
    private const string LockThreads = """
        SELECT id FROM comments WHERE user_id = @userId AND deleted_at IS NULL AND parent_id IS NULL ORDER BY id LIMIT @limit FOR UPDATE
        """;

    // The outer deleted_at test is checked again after a concurrent run's update: each comment is deleted (and raised) once.
    private const string DeleteComments = """
        WITH pick AS (SELECT id, post_id FROM comments WHERE user_id = @userId AND deleted_at IS NULL ORDER BY id LIMIT @limit)
        UPDATE comments c SET deleted_at = @now, updated_at = @now
          FROM pick
         WHERE c.post_id = pick.post_id AND (c.id = pick.id OR c.parent_id = pick.id) AND c.deleted_at IS NULL
        RETURNING c.id, c.post_id, (SELECT p.user_id FROM posts p WHERE p.id = c.post_id) AS post_author_id, c.user_id AS author_id, c.parent_id,
                  c.held_at IS NOT NULL AS held
        """;

    public string Name => "comments";

    public async Task<int> PurgeAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid userId, int limit, DateTimeOffset now, CancellationToken ct)
    {
        var likes = (await conn.QueryAsync<(Guid CommentId, Guid CommentAuthorId, Guid PostId)>(new CommandDefinition(RemoveLikes,
            new { userId, limit }, tx, cancellationToken: ct))).ToList();
        await Outbox.EnqueueManyAsync(conn, tx, time, CommentEvents.Unliked, userId,
            likes.Select(l => new CommentLikeEvent(l.CommentId, l.CommentAuthorId, l.PostId, PostEvents.EntityComment, l.CommentId)).ToList(), ct);
        if (likes.Count > 0) return likes.Count;

        await conn.ExecuteAsync(new CommandDefinition(LockThreads, new { userId, limit }, tx, cancellationToken: ct));
        var comments = (await conn.QueryAsync<(Guid Id, Guid PostId, Guid PostAuthorId, Guid AuthorId, Guid? ParentId, bool Held)>(new CommandDefinition(DeleteComments,
            new { userId, limit, now }, tx, cancellationToken: ct))).ToList();
        // A held comment raised nothing when written (CommentHolding), so its removal raises nothing either.
        await Outbox.EnqueueManyAsync(conn, tx, time, CommentEvents.Deleted, null,
            comments.Where(c => !c.Held).Select(c => new CommentEvent(c.Id, c.PostId, c.PostAuthorId, c.AuthorId, c.ParentId, null, PostEvents.EntityComment, c.Id)).ToList(), ct);
        return comments.Count;
    }
}
