using Dapper;
using Fowergram.Platform;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Reels;

/// <summary>
/// Comments on reels: one level of replies, as on posts. The comment's author or the reel's author may delete one. Lists,
/// threads, deletion and comment likes are every thread's (<see cref="CommentThreadApi{TView}"/>); writing is the reels' own: comments
/// can be turned off, and mentions notify. A comment by someone the reel's author restricts is held (<see cref="CommentHolding"/>).
/// </summary>
public sealed class ReelCommentsApi(NpgsqlDataSource db, AccessTokens tokens, TimeProvider time)
    : CommentThreadApi<ReelCommentView>(db, tokens, time)
{
    private const int BodyLimit = JsonBody.LongTextLimitBytes;

    internal override CommentThreadSql Sql => ReelCommentsSql.Thread;
    protected override string Thing => "reel";

    public async Task<IResult> Create(HttpRequest request, string id, CancellationToken ct)
    {
        if (Tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!ReelAccess.TryParseId(id, out var reelId)) return Problems.NotFound("reel");
        var body = await JsonBody.ReadAsync<CreateReelCommentRequest>(request, ct, BodyLimit);
        if (body.Error is not null) return body.Error;
        var input = body.Value!;
        if (ContentProblem(input.Content, out var content) is { } invalid) return invalid;

        await using var conn = await Db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        if (await ReelAccess.FindAsync(conn, tx, caller.UserId, reelId, ct) is not { } reel) return Problems.NotFound("reel");
        if (reel.CommentsDisabled) return Problems.Conflict("Comments are turned off for this reel.");
        if (await CommentAudience.RefusalAsync(conn, tx, reel.AuthorId, caller.UserId, ct) is { } notAllowed) return notAllowed;
        var (found, repliedTo, threadId) = await ParentAsync(conn, tx, reelId, input.ParentId, caller.UserId, ct);
        if (!found) return Problems.NotFound("comment");

        var commentId = Ids.New(Time);
        var view = await InsertAsync(conn, tx, reelId, reel.AuthorId, commentId, caller.UserId, repliedTo, threadId, content, ct);
        await tx.CommitAsync(ct);
        return Api.Created($"/api/v1/reels/{reelId}/comments/{commentId}", view);
    }

    protected override async Task<Guid?> AuthorIfVisibleAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Guid? viewer, Guid thingId, CancellationToken ct) =>
        (await ReelAccess.FindAsync(conn, tx, viewer, thingId, ct))?.AuthorId;

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
        CommentRef removed, CancellationToken ct) =>
        Outbox.EnqueueAsync(conn, tx, Time, ReelEvents.CommentDeleted, actorId, new ReelCommentEvent(removed.Id, thingId, thingAuthorId,
            removed.AuthorId, removed.ParentId, null, ReelEvents.EntityComment, removed.Id), ct);

    protected override Task RaiseRestoredAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid thingId, Guid thingAuthorId, CommentRef restored,
        CancellationToken ct) =>
        Outbox.EnqueueAsync(conn, tx, Time, ReelEvents.CommentRestored, null, new ReelCommentEvent(restored.Id, thingId, thingAuthorId,
            restored.AuthorId, restored.ParentId, null, ReelEvents.EntityComment, restored.Id), ct);

    protected override Task RaiseLikeChangedAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid actorId, Guid thingId, CommentRef comment,
        bool liked, CancellationToken ct) =>
        Outbox.EnqueueAsync(conn, tx, Time, liked ? ReelEvents.CommentLiked : ReelEvents.CommentUnliked, actorId,
            ReelCommentLikeEvent.Of(comment.Id, thingId, comment.AuthorId), ct);
}
