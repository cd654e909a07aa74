using Dapper;
using Fowergram.Platform;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Reels;

/// <summary>Comments on reels: one level of replies, as on posts. The comment's author or the reel's author may delete one.</summary>
public sealed class ReelCommentsApi(NpgsqlDataSource db, AccessTokens tokens, TimeProvider time)
{
    private const int BodyLimit = 16 * 1024;

    public async Task<IResult> Create(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!ReelAccess.TryParseId(id, out var reelId)) return Problems.NotFound("reel");
        var body = await JsonBody.ReadAsync<CreateReelCommentRequest>(request, ct, BodyLimit);
        if (body.Error is not null) return body.Error;
        var input = body.Value!;
        var content = input.Content?.Trim() ?? "";
        var errors = new Validation().Required("content", content);
        if (CaptionText.Problem(content, CaptionText.Parse(content)) is { } problem) errors.Add("content", problem);
        if (!errors.IsValid) return errors.ToProblem();

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        if (await ReelAccess.FindAsync(conn, tx, caller.UserId, reelId, ct) is not { } reel) return Problems.NotFound("reel");
        if (reel.CommentsDisabled) return Problems.Conflict("Comments are turned off for this reel.");
        ReelCommentRef? repliedTo = null;
        if (input.ParentId is { } parentId &&
            (repliedTo = await conn.QuerySingleOrDefaultAsync<ReelCommentRef>(new CommandDefinition(ReelCommentsSql.FindVisible,
                new { commentId = parentId, reelId, viewer = caller.UserId }, tx, cancellationToken: ct))) is null)
            return Problems.NotFound("comment");

        var commentId = Ids.New(time);
        var threadId = repliedTo is null ? (Guid?)null : repliedTo.ParentId ?? repliedTo.Id;
        await conn.ExecuteAsync(new CommandDefinition(ReelCommentsSql.Insert,
            new { id = commentId, reelId, authorId = caller.UserId, parentId = threadId, content, now = Timestamps.Now(time) }, tx, cancellationToken: ct));
        await ReelMentions.RaiseAsync(conn, tx, time, caller.UserId, reelId, commentId, content, ct);
        await Outbox.EnqueueAsync(conn, tx, time, ReelEvents.CommentCreated, caller.UserId, new ReelCommentEvent(commentId, reelId, reel.AuthorId,
            caller.UserId, threadId, repliedTo?.AuthorId, ReelEvents.EntityComment, commentId), ct);
        var view = await conn.QuerySingleAsync<ReelCommentRow>(new CommandDefinition(ReelCommentsSql.One,
            new { commentId, viewer = caller.UserId }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return Api.Created($"/api/v1/reels/{reelId}/comments/{commentId}", view.ToView());
    }

    /// <summary>Top-level comments, newest first, each with the number of replies the caller may see.</summary>
    public async Task<IResult> List(HttpRequest request, string id, CancellationToken ct)
    {
        if (!tokens.TryReadViewer(request, out var caller)) return Problems.InvalidToken();
        var viewer = caller?.UserId;
        if (!ReelAccess.TryParseId(id, out var reelId)) return Problems.NotFound("reel");
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        if (await ReelAccess.FindAsync(conn, null, viewer, reelId, ct) is null) return Problems.NotFound("reel");
        return Api.Ok(await PageAsync(conn, ReelCommentsSql.TopLevel, page, new { reelId, viewer }, ct));
    }

    /// <summary>Replies of a top-level comment, oldest first.</summary>
    public async Task<IResult> Replies(HttpRequest request, string id, string commentId, CancellationToken ct)
    {
        if (!tokens.TryReadViewer(request, out var caller)) return Problems.InvalidToken();
        var viewer = caller?.UserId;
        if (!ReelAccess.TryParseId(id, out var reelId) || !Guid.TryParse(commentId, out var parentId)) return Problems.NotFound("comment");
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        if (await ReelAccess.FindAsync(conn, null, viewer, reelId, ct) is null) return Problems.NotFound("reel");
        var parent = await conn.QuerySingleOrDefaultAsync<ReelCommentRef>(new CommandDefinition(ReelCommentsSql.FindVisible,
            new { commentId = parentId, reelId, viewer }, cancellationToken: ct));
        if (parent is not { ParentId: null }) return Problems.NotFound("comment");
        return Api.Ok(await PageAsync(conn, ReelCommentsSql.Replies, page, new { reelId, parentId, viewer }, ct));
    }

    public async Task<IResult> Delete(HttpRequest request, string id, string commentId, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!ReelAccess.TryParseId(id, out var reelId) || !Guid.TryParse(commentId, out var targetId)) return Problems.NotFound("comment");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (await ReelAccess.FindAsync(conn, tx, caller.UserId, reelId, ct) is not { } reel) return Problems.NotFound("reel");
        var comment = await conn.QuerySingleOrDefaultAsync<ReelCommentRef>(new CommandDefinition(ReelCommentsSql.FindLive,
            new { commentId = targetId, reelId }, tx, cancellationToken: ct));
        if (comment is null || (comment.AuthorId != caller.UserId && reel.AuthorId != caller.UserId)) return Problems.NotFound("comment");

        var removed = await conn.QueryAsync<ReelCommentRef>(new CommandDefinition(ReelCommentsSql.SoftDelete,
            new { commentId = targetId, reelId, now = Timestamps.Now(time) }, tx, cancellationToken: ct));
        foreach (var row in removed)
            await Outbox.EnqueueAsync(conn, tx, time, ReelEvents.CommentDeleted, caller.UserId, new ReelCommentEvent(row.Id, reelId, reel.AuthorId,
                row.AuthorId, row.ParentId, null, ReelEvents.EntityComment, row.Id), ct);
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    private static async Task<Page<ReelCommentView>> PageAsync(NpgsqlConnection conn, string sql, PageRequest page, object args, CancellationToken ct) =>
        (await KeysetQuery.PageAsync<ReelCommentRow>(conn, sql, page, args, r => new Cursor(r.CreatedAt, r.Id), ct)).Map(r => r.ToView());
}
