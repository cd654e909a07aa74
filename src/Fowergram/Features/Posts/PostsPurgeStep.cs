using Dapper;
using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Fowergram.Platform.Purge;
using Npgsql;

namespace Fowergram.Features.Posts;

/// <summary>
/// A purged account's likes (post.unliked: post-counters takes them off others' posts, the like notices are
/// taken back) and its own posts (post.deleted, as the owner deleting them: hashtag counts, feeds and the
/// post media clean-up follow), then its collaborations on others' posts (post.collaborator_removed: the feed entries that came
/// through it go), then its reposts (post.unreposted: the same for the entries that came through them), then ends the holds on
/// its taken-down posts' objects.
/// </summary>
public sealed class PostsPurgeStep(TimeProvider time) : IAccountPurgeStep
{
    private static readonly string RemoveLikes = LikeStatements.PurgeOf(("likes", "post_id"), "posts");

    // Live posts and the ones in "Recently deleted" (made final).
    private static readonly string DeletePosts = RecentlyDeleted.AccountPurge("posts", "x.id, x.created_at");

    // A taken-down post's objects held for an appeal go with the account like the rest (the appeal goes with it).
    private const string EndHolds = """
        UPDATE posts SET media_held_until = NULL
         WHERE id IN (SELECT id FROM posts WHERE user_id = @userId AND media_held_until IS NOT NULL LIMIT @limit)
        """;

    // Its invitations and collaborations on others' posts (the cascade would take the rows, but not the feed entries that
    // came through the account: post.collaborator_removed takes those back, as when a collaborator leaves).
    private const string EndCollaborations = """
        DELETE FROM post_collaborators pc USING posts p
         WHERE p.id = pc.post_id AND pc.user_id = @userId
           AND pc.post_id IN (SELECT post_id FROM post_collaborators WHERE user_id = @userId LIMIT @limit)
        RETURNING pc.post_id, p.user_id AS author_id, pc.accepted_at IS NOT NULL AS accepted
        """;

    // Its reposts (the cascade would take the rows, but not the feed entries that came through them).
    private const string EndReposts = """
        DELETE FROM reposts r USING posts p
         WHERE p.id = r.post_id AND r.user_id = @userId
           AND r.post_id IN (SELECT post_id FROM reposts WHERE user_id = @userId LIMIT @limit)
        RETURNING r.post_id, p.user_id AS author_id
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
        if (posts.Count > 0) return posts.Count;

        var collaborations = (await conn.QueryAsync<(Guid PostId, Guid AuthorId, bool Accepted)>(new CommandDefinition(EndCollaborations,
            new { userId, limit }, tx, cancellationToken: ct))).ToList();
        await Outbox.EnqueueManyAsync(conn, tx, time, PostEvents.CollaboratorRemoved, null,
            collaborations.Where(c => c.Accepted).Select(c => CollaboratorEvent.Of(c.PostId, c.AuthorId, userId)).ToList(), ct);
        if (collaborations.Count > 0) return collaborations.Count;

        var reposts = (await conn.QueryAsync<(Guid PostId, Guid AuthorId)>(new CommandDefinition(EndReposts, new { userId, limit }, tx,
            cancellationToken: ct))).ToList();
        await Outbox.EnqueueManyAsync(conn, tx, time, PostEvents.Unreposted, null,
            reposts.Select(r => PostUserEvent.Of(r.PostId, r.AuthorId, userId)).ToList(), ct);
        if (reposts.Count > 0) return reposts.Count;
        return await conn.ExecuteAsync(new CommandDefinition(EndHolds, new { userId, limit }, tx, cancellationToken: ct));
    }
}
