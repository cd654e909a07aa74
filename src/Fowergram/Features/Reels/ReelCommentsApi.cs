using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Fowergram.Platform.WriteLimits;
using Microsoft.AspNetCore.Http;
using Npgsql;
using Fowergram.Platform.Http.Idempotency;

namespace Fowergram.Features.Reels;

/// <summary>
/// Comments on reels: one level of replies, as on posts. The comment's author or the reel's author may delete one. Writing,
/// lists, threads, deletion and comment likes are every thread's (<see cref="CommentThreadApi{TView}"/>); the reels' own: the
/// author may turn comments off, and mentions notify. A comment by someone the reel's author restricts is held (<see cref="CommentHolding"/>).
/// </summary>
public sealed class ReelCommentsApi(NpgsqlDataSource db, AccessTokens tokens, WriteAllowances allowances, TimeProvider time, IdempotentRequests idempotency)
    : CommentThreadApi<ReelCommentView>(db, tokens, allowances, time)
{
    internal override CommentThreadSql Sql => ReelCommentsSql.Thread;
    protected override string Thing => "reel";
    protected override string RoutePrefix => "/api/v1/reels";

    public Task<IResult> Create(HttpRequest request, string id, CancellationToken ct) =>
        idempotency.RunAsync(request, () => CreateAsync<CreateReelCommentRequest>(request, id, body => (body.Content, body.ParentId), ct), ct);

    protected override async Task<(Guid AuthorId, bool CommentsDisabled)?> CommentTargetAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid callerId,
        Guid thingId, CancellationToken ct) =>
        await ReelAccess.FindSharedAsync(conn, tx, callerId, thingId, ct) is { } reel ? (reel.AuthorId, reel.CommentsDisabled) : null;

    protected override async Task<Guid?> AuthorIfVisibleAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Guid? viewer, Guid thingId, CancellationToken ct) =>
        (await ReelAccess.FindAsync(conn, tx, viewer, thingId, ct))?.AuthorId;

    protected override async Task<Guid?> AuthorIfReadableAsync(NpgsqlConnection conn, Guid? viewer, Guid thingId, CancellationToken ct) =>
        (await ReelAccess.FindForReaderAsync(conn, viewer, thingId, ct))?.AuthorId;

    protected override ReelCommentView ViewOf(CommentThreadRow row) =>
        new(row.Id, row.ThingId, row.ParentId, row.Author, row.Content, row.LikeCount, row.IsLiked, row.ReplyCount, row.CreatedAt, row.IsPinned);

    /// <summary>comment.created for reel-counters and reel-notifications, and the comment's @mentions.</summary>
    protected override async Task AnnounceAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid thingId, Guid thingAuthorId, ShownComment comment,
        CancellationToken ct)
    {
        await ReelMentions.RaiseAsync(conn, tx, Time, comment.AuthorId, thingId, comment.Id, comment.Content, ct);
        await Outbox.EnqueueAsync(conn, tx, Time, ReelEvents.CommentCreated, comment.AuthorId, new ReelCommentEvent(comment.Id, thingId, thingAuthorId,
            comment.AuthorId, comment.ParentId, comment.ParentAuthorId, ReelEvents.EntityComment, comment.Id), ct);
    }

    protected override Task RaiseDeletedAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid? actorId, Guid thingId, Guid thingAuthorId,
        IReadOnlyCollection<CommentRef> removed, CancellationToken ct) =>
        Outbox.EnqueueManyAsync(conn, tx, Time, ReelEvents.CommentDeleted, actorId, Events(thingId, thingAuthorId, removed), ct);

    protected override Task RaiseRestoredAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid thingId, Guid thingAuthorId,
        IReadOnlyCollection<CommentRef> restored, CancellationToken ct) =>
        Outbox.EnqueueManyAsync(conn, tx, Time, ReelEvents.CommentRestored, null, Events(thingId, thingAuthorId, restored), ct);

    private static List<ReelCommentEvent> Events(Guid reelId, Guid reelAuthorId, IEnumerable<CommentRef> comments) =>
        comments.Select(c => new ReelCommentEvent(c.Id, reelId, reelAuthorId, c.AuthorId, c.ParentId, null, ReelEvents.EntityComment, c.Id)).ToList();

    protected override Task RaiseLikeChangedAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid actorId, Guid thingId, CommentRef comment,
        bool liked, CancellationToken ct) =>
        Outbox.EnqueueAsync(conn, tx, Time, liked ? ReelEvents.CommentLiked : ReelEvents.CommentUnliked, actorId,
            ReelCommentLikeEvent.Of(comment.Id, thingId, comment.AuthorId), ct);
}
