using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Fowergram.Platform.WriteLimits;
using Microsoft.AspNetCore.Http;
using Npgsql;
using Fowergram.Platform.Http.Idempotency;

namespace Fowergram.Features.Videos;

/// <summary>
/// Comments on long-form videos (igtv_comments, migration 0080): one level of replies, as on posts and reels, on videos the
/// caller may see (a draft only its owner). Writing, lists, threads and deletion by the comment's or the video's author are every
/// thread's (<see cref="CommentThreadApi{TView}"/>), and so are comment likes and held comments (<see cref="CommentHolding"/>). igtv-counters keeps the counts,
/// igtv-notifications tells the video's author, the one replied to and the author of a liked comment.
/// </summary>
public sealed class VideoCommentsApi(NpgsqlDataSource db, AccessTokens tokens, WriteAllowances allowances, TimeProvider time, IdempotentRequests idempotency)
    : CommentThreadApi<VideoCommentView>(db, tokens, allowances, time)
{
    /// <summary>igtv_comments: igtv_comments_video_top_level for the list, igtv_comments_thread for threads; likes in igtv_comment_likes.</summary>
    internal static readonly CommentThreadSql Thread = new("igtv_comments", "video_id", "videoId", "igtv_comment_likes", "igtv_videos", VideoEvents.EntityComment);

    internal override CommentThreadSql Sql => Thread;
    protected override string Thing => "video";
    protected override string RoutePrefix => "/api/v1/videos";

    /// <summary>
    /// The author turned comments off (PATCH commentsDisabled): no new ones, the author's too; those there stay. Read with the
    /// video share-locked until the comment commits, before the visibility check: a deletion or "comments off" in flight is
    /// waited for and the video then read as it committed (without the lock such a change committed in between and the
    /// comment still went in, as on reels before ReelCommentRaceTests).
    /// </summary>
    private const string LockCommentsOff = "SELECT comments_disabled FROM igtv_videos WHERE id = @videoId FOR SHARE";

    public Task<IResult> Create(HttpRequest request, string id, CancellationToken ct) =>
        idempotency.RunAsync(request, () => CreateAsync<CreateVideoCommentRequest>(request, id, body => (body.Content, body.ParentId), ct), ct);

    protected override async Task<(Guid AuthorId, bool CommentsDisabled)?> CommentTargetAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid callerId,
        Guid thingId, CancellationToken ct)
    {
        var off = await conn.QuerySingleOrDefaultAsync<bool?>(new CommandDefinition(LockCommentsOff, new { videoId = thingId }, tx, cancellationToken: ct));
        if (off is null || await AuthorIfVisibleAsync(conn, tx, callerId, thingId, ct) is not { } author) return null;
        return (author, off.Value);
    }

    protected override Task<Guid?> AuthorIfVisibleAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Guid? viewer, Guid thingId, CancellationToken ct) =>
        VideoAccess.AuthorIfVisibleAsync(conn, tx, viewer, thingId, ct);

    protected override Task<Guid?> AuthorIfReadableAsync(NpgsqlConnection conn, Guid? viewer, Guid thingId, CancellationToken ct) =>
        VideoAccess.AuthorIfReadableAsync(conn, viewer, thingId, ct);

    protected override VideoCommentView ViewOf(CommentThreadRow row) =>
        new(row.Id, row.ThingId, row.ParentId, row.Author, row.Content, row.LikeCount, row.IsLiked, row.ReplyCount, row.CreatedAt, row.IsPinned);

    /// <summary>
    /// comment.created for igtv-counters and igtv-notifications, and the @mentions: each account the writer may involve
    /// (live, no block) hears of it once (igtv-notifications).
    /// </summary>
    protected override async Task AnnounceAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid thingId, Guid thingAuthorId, ShownComment comment,
        CancellationToken ct)
    {
        await Outbox.EnqueueAsync(conn, tx, Time, VideoEvents.CommentCreated, comment.AuthorId,
            VideoCommentEvent.Of(comment.Id, thingId, thingAuthorId, comment.AuthorId, comment.ParentId, comment.ParentAuthorId), ct);
        var mentioned = await People.ResolveAsync(conn, tx, comment.AuthorId, CaptionText.Parse(comment.Content).Mentions, Involvement.Mention, ct);
        await Outbox.EnqueueManyAsync(conn, tx, Time, VideoMentionEvent.Type, comment.AuthorId,
            mentioned.Values.Distinct().Where(userId => userId != comment.AuthorId).Select(userId => VideoMentionEvent.Of(userId, thingId, comment.Id)).ToList(), ct);
    }

    protected override Task RaiseDeletedAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid? actorId, Guid thingId, Guid thingAuthorId,
        IReadOnlyCollection<CommentRef> removed, CancellationToken ct) =>
        Outbox.EnqueueManyAsync(conn, tx, Time, VideoEvents.CommentDeleted, actorId, Events(thingId, thingAuthorId, removed), ct);

    protected override Task RaiseRestoredAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid thingId, Guid thingAuthorId,
        IReadOnlyCollection<CommentRef> restored, CancellationToken ct) =>
        Outbox.EnqueueManyAsync(conn, tx, Time, VideoEvents.CommentRestored, null, Events(thingId, thingAuthorId, restored), ct);

    private static List<VideoCommentEvent> Events(Guid videoId, Guid videoAuthorId, IEnumerable<CommentRef> comments) =>
        comments.Select(c => VideoCommentEvent.Of(c.Id, videoId, videoAuthorId, c.AuthorId, c.ParentId, null)).ToList();

    protected override Task RaiseLikeChangedAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid actorId, Guid thingId, CommentRef comment,
        bool liked, CancellationToken ct) =>
        Outbox.EnqueueAsync(conn, tx, Time, liked ? VideoEvents.CommentLiked : VideoEvents.CommentUnliked, actorId,
            VideoCommentLikeEvent.Of(comment.Id, thingId, comment.AuthorId), ct);
}
