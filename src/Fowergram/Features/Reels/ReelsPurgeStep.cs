using Dapper;
using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Fowergram.Platform.Purge;
using Npgsql;

namespace Fowergram.Features.Reels;

/// <summary>
/// A purged account's reel reposts (reel.unreposted: the reels' authors lose its notices), reel likes (reel.unliked), saved reels (reel.unsaved), likes of comments on reels (reel_comment.unliked), reel comments (reel_comment.deleted, with their replies) and its own
/// reels (reel.deleted): reel-counters recounts every other account's reels and sounds, and notices are taken back —
/// the same events as the owner removing them (docs/accounts.md "Deleting an account").
/// </summary>
public sealed class ReelsPurgeStep(TimeProvider time) : IAccountPurgeStep
{
    private static readonly string RemoveSaves = LikeStatements.PurgeOf(("saved_reels", "reel_id"), "reels");

    // Its reposts of reels (the cascade would take the rows when the account row goes; the event takes the authors' notices back).
    private const string RemoveReposts = """
        DELETE FROM reel_reposts rr USING reels r
         WHERE r.id = rr.reel_id AND rr.user_id = @userId
           AND rr.reel_id IN (SELECT reel_id FROM reel_reposts WHERE user_id = @userId LIMIT @limit)
        RETURNING rr.reel_id, r.user_id AS author_id
        """;

    private static readonly string RemoveLikes = LikeStatements.PurgeOf(ReelLikesApi.LikeTable, "reels");

    // Live reels and the ones in "Recently deleted" (made final; their uploads, released as of the end of their window, are
    // released now by the uploads step).
    private static readonly string DeleteReels = RecentlyDeleted.AccountPurge("reels", "x.id, x.audio_track_id");

    public string Name => "reels";

    public async Task<int> PurgeAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid userId, int limit, DateTimeOffset now, CancellationToken ct)
    {
        var reposts = (await conn.QueryAsync<(Guid ReelId, Guid AuthorId)>(new CommandDefinition(RemoveReposts, new { userId, limit }, tx,
            cancellationToken: ct))).ToList();
        await Outbox.EnqueueManyAsync(conn, tx, time, ReelEvents.Unreposted, userId,
            reposts.Select(r => ReelRepostEvent.Of(r.ReelId, r.AuthorId, userId)).ToList(), ct);
        if (reposts.Count > 0) return reposts.Count;

        var saves = (await conn.QueryAsync<(Guid ReelId, Guid AuthorId)>(new CommandDefinition(RemoveSaves, new { userId, limit }, tx, cancellationToken: ct))).ToList();
        await Outbox.EnqueueManyAsync(conn, tx, time, ReelEvents.Unsaved, userId,
            saves.Select(s => new ReelSaveEvent(s.ReelId, s.AuthorId, userId, ReelEvents.EntityReel, s.ReelId)).ToList(), ct);
        if (saves.Count > 0) return saves.Count;

        var commentLikes = (await conn.QueryAsync<RemovedCommentLike>(new CommandDefinition(ReelCommentsSql.Thread.RemoveLikesOf,
            new { userId, limit }, tx, cancellationToken: ct))).ToList();
        await Outbox.EnqueueManyAsync(conn, tx, time, ReelEvents.CommentUnliked, userId,
            commentLikes.Select(l => ReelCommentLikeEvent.Of(l.CommentId, l.ThingId, l.CommentAuthorId)).ToList(), ct);
        if (commentLikes.Count > 0) return commentLikes.Count;

        var likes = (await conn.QueryAsync<(Guid ReelId, Guid AuthorId)>(new CommandDefinition(RemoveLikes, new { userId, limit }, tx, cancellationToken: ct))).ToList();
        await Outbox.EnqueueManyAsync(conn, tx, time, ReelEvents.Unliked, userId,
            likes.Select(l => new ReelLikeEvent(l.ReelId, l.AuthorId, userId, ReelEvents.EntityReel, l.ReelId)).ToList(), ct);
        if (likes.Count > 0) return likes.Count;

        await conn.ExecuteAsync(new CommandDefinition(ReelCommentsSql.Thread.LockThreadsOf, new { userId, limit }, tx, cancellationToken: ct));
        var comments = (await conn.QueryAsync<RemovedComment>(new CommandDefinition(ReelCommentsSql.Thread.RemoveCommentsOf,
            new { userId, limit, now }, tx, cancellationToken: ct))).ToList();
        await Outbox.EnqueueManyAsync(conn, tx, time, ReelEvents.CommentDeleted, null,
            comments.Where(c => !c.Held).Select(c => new ReelCommentEvent(c.Id, c.ThingId, c.ThingAuthorId, c.AuthorId, c.ParentId, null, ReelEvents.EntityComment, c.Id)).ToList(), ct);
        if (comments.Count > 0) return comments.Count;

        // The videos' uploads are released by the uploads step, as every other upload of the account.
        var reels = (await conn.QueryAsync<(Guid Id, Guid? AudioTrackId, bool Live)>(new CommandDefinition(DeleteReels, new { userId, limit, now }, tx,
            cancellationToken: ct))).ToList();
        await Outbox.EnqueueManyAsync(conn, tx, time, ReelEvents.Deleted, null,
            reels.Where(r => r.Live).Select(r => ReelEvent.Of(r.Id, userId, r.AudioTrackId)).ToList(), ct);
        return reels.Count;
    }
}
