using Dapper;
using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Fowergram.Platform.Purge;
using Npgsql;

namespace Fowergram.Features.Videos;

/// <summary>
/// A purged account's likes of long-form videos and of comments on them, removed as its unlikes would be, then its own videos, soft-deleted with
/// igtv_video.deleted as the owner deleting them would (docs/accounts.md "Deleting an account"): they leave every read at once and activity-log records their end. Its views of other accounts'
/// videos stay counted (views are history, as reel views and story views are); its series go with the users row, and
/// the videos' uploads are released by the uploads step, as every other upload of the account.
/// </summary>
public sealed class VideosPurgeStep(TimeProvider time) : IAccountPurgeStep
{
    // Live videos and the ones in "Recently deleted" (made final; their uploads, released as of the end of their window,
    // are released now by the uploads step).
    private static readonly string DeleteVideos = RecentlyDeleted.AccountPurge("igtv_videos", "x.id");

    private static readonly string RemoveLikes = LikeStatements.PurgeOf(VideoLikesApi.LikeTable, "igtv_videos");

    public string Name => "videos";

    /// <summary>
    /// First its likes (igtv_video.unliked: igtv-counters recounts the other accounts' videos, the notices go) and comment
    /// likes (igtv_comment.unliked), then its comments with their replies (igtv_comment.deleted), then its videos.
    /// </summary>
    public async Task<int> PurgeAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid userId, int limit, DateTimeOffset now, CancellationToken ct)
    {
        var commentLikes = (await conn.QueryAsync<RemovedCommentLike>(new CommandDefinition(VideoCommentsApi.Thread.RemoveLikesOf,
            new { userId, limit }, tx, cancellationToken: ct))).ToList();
        await Outbox.EnqueueManyAsync(conn, tx, time, VideoEvents.CommentUnliked, userId,
            commentLikes.Select(l => VideoCommentLikeEvent.Of(l.CommentId, l.ThingId, l.CommentAuthorId)).ToList(), ct);
        if (commentLikes.Count > 0) return commentLikes.Count;

        var likes = (await conn.QueryAsync<(Guid VideoId, Guid AuthorId)>(new CommandDefinition(RemoveLikes, new { userId, limit }, tx, cancellationToken: ct))).ToList();
        await Outbox.EnqueueManyAsync(conn, tx, time, VideoEvents.Unliked, userId,
            likes.Select(l => new VideoLikeEvent(l.VideoId, l.AuthorId, userId, VideoEvents.EntityVideo, l.VideoId)).ToList(), ct);
        if (likes.Count > 0) return likes.Count;

        await conn.ExecuteAsync(new CommandDefinition(VideoCommentsApi.Thread.LockThreadsOf, new { userId, limit }, tx, cancellationToken: ct));
        var comments = (await conn.QueryAsync<RemovedComment>(new CommandDefinition(VideoCommentsApi.Thread.RemoveCommentsOf,
            new { userId, limit, now }, tx, cancellationToken: ct))).ToList();
        await Outbox.EnqueueManyAsync(conn, tx, time, VideoEvents.CommentDeleted, null,
            comments.Where(c => !c.Held).Select(c => VideoCommentEvent.Of(c.Id, c.ThingId, c.ThingAuthorId, c.AuthorId, c.ParentId, null)).ToList(), ct);
        if (comments.Count > 0) return comments.Count;

        var videos = (await conn.QueryAsync<(Guid Id, bool Live)>(new CommandDefinition(DeleteVideos, new { userId, limit, now }, tx,
            cancellationToken: ct))).ToList();
        await Outbox.EnqueueManyAsync(conn, tx, time, VideoEvents.Deleted, null,
            videos.Where(v => v.Live).Select(v => VideoEvent.Of(v.Id, userId)).ToList(), ct);
        return videos.Count;
    }
}
