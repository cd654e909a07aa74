using Dapper;
using Fowergram.Platform;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Videos;

/// <summary>
/// Comments on long-form videos (igtv_comments, migration 0080): one level of replies, as on posts and reels, on videos the
/// caller may see (a draft only its owner). The comment's author or the video's author may delete one; a top-level comment
/// takes its replies with it. igtv-counters keeps the count, igtv-notifications tells the video's author and the one replied to.
/// </summary>
public sealed class VideoCommentsApi(NpgsqlDataSource db, AccessTokens tokens, TimeProvider time)
{
    private const int BodyLimit = 16 * 1024;

    /// <summary>igtv_comments: the thread SQL the reels use, over the videos' table.</summary>
    private static readonly CommentThreadSql Thread = new("igtv_comments", "video_id", "videoId");

    public async Task<IResult> Create(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!VideoAccess.TryParseId(id, out var videoId)) return Problems.NotFound("video");
        var body = await JsonBody.ReadAsync<CreateVideoCommentRequest>(request, ct, BodyLimit);
        if (body.Error is not null) return body.Error;
        var input = body.Value!;
        var content = input.Content?.Trim() ?? "";
        var errors = new Validation().Required("content", content);
        if (CaptionText.Problem(content, CaptionText.Parse(content)) is { } problem) errors.Add("content", problem);
        if (!errors.IsValid) return errors.ToProblem();

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        if (await VideoAccess.AuthorIfVisibleAsync(conn, tx, caller.UserId, videoId, ct) is not { } videoAuthor) return Problems.NotFound("video");
        CommentRef? repliedTo = null;
        if (input.ParentId is { } parentId &&
            (repliedTo = await conn.QuerySingleOrDefaultAsync<CommentRef>(new CommandDefinition(Thread.FindVisible,
                new { commentId = parentId, videoId, viewer = caller.UserId }, tx, cancellationToken: ct))) is null)
            return Problems.NotFound("comment");

        var commentId = Ids.New(time);
        var threadId = repliedTo is null ? (Guid?)null : repliedTo.ParentId ?? repliedTo.Id;
        await conn.ExecuteAsync(new CommandDefinition(Thread.Insert,
            new { id = commentId, videoId, authorId = caller.UserId, parentId = threadId, content, now = Timestamps.Now(time) }, tx, cancellationToken: ct));
        await Outbox.EnqueueAsync(conn, tx, time, VideoEvents.CommentCreated, caller.UserId,
            VideoCommentEvent.Of(commentId, videoId, videoAuthor, caller.UserId, threadId, repliedTo?.AuthorId), ct);
        var view = await conn.QuerySingleAsync<CommentRow>(new CommandDefinition(Thread.One, new { commentId, viewer = caller.UserId }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return Api.Created($"/api/v1/videos/{videoId}/comments/{commentId}", view.ToView());
    }

    /// <summary>Top-level comments, newest first, each with the number of replies the caller may see.</summary>
    public async Task<IResult> List(HttpRequest request, string id, CancellationToken ct)
    {
        if (!tokens.TryReadViewer(request, out var caller)) return Problems.InvalidToken();
        var viewer = caller?.UserId;
        if (!VideoAccess.TryParseId(id, out var videoId)) return Problems.NotFound("video");
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        if (await VideoAccess.AuthorIfVisibleAsync(conn, null, viewer, videoId, ct) is null) return Problems.NotFound("video");
        return Api.Ok(await PageAsync(conn, Thread.TopLevel, page, new { videoId, viewer }, ct));
    }

    /// <summary>Replies of a top-level comment, oldest first.</summary>
    public async Task<IResult> Replies(HttpRequest request, string id, string commentId, CancellationToken ct)
    {
        if (!tokens.TryReadViewer(request, out var caller)) return Problems.InvalidToken();
        var viewer = caller?.UserId;
        if (!VideoAccess.TryParseId(id, out var videoId) || !Guid.TryParse(commentId, out var parentId)) return Problems.NotFound("comment");
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        if (await VideoAccess.AuthorIfVisibleAsync(conn, null, viewer, videoId, ct) is null) return Problems.NotFound("video");
        var parent = await conn.QuerySingleOrDefaultAsync<CommentRef>(new CommandDefinition(Thread.FindVisible,
            new { commentId = parentId, videoId, viewer }, cancellationToken: ct));
        if (parent is not { ParentId: null }) return Problems.NotFound("comment");
        return Api.Ok(await PageAsync(conn, Thread.Replies, page, new { videoId, parentId, viewer }, ct));
    }

    public async Task<IResult> Delete(HttpRequest request, string id, string commentId, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!VideoAccess.TryParseId(id, out var videoId) || !Guid.TryParse(commentId, out var targetId)) return Problems.NotFound("comment");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (await VideoAccess.AuthorIfVisibleAsync(conn, tx, caller.UserId, videoId, ct) is not { } videoAuthor) return Problems.NotFound("video");
        var comment = await conn.QuerySingleOrDefaultAsync<CommentRef>(new CommandDefinition(Thread.FindLive,
            new { commentId = targetId, videoId }, tx, cancellationToken: ct));
        if (comment is null || (comment.AuthorId != caller.UserId && videoAuthor != caller.UserId)) return Problems.NotFound("comment");

        var removed = await conn.QueryAsync<CommentRef>(new CommandDefinition(Thread.SoftDelete,
            new { commentId = targetId, videoId, now = Timestamps.Now(time) }, tx, cancellationToken: ct));
        foreach (var row in removed)
            await Outbox.EnqueueAsync(conn, tx, time, VideoEvents.CommentDeleted, caller.UserId,
                VideoCommentEvent.Of(row.Id, videoId, videoAuthor, row.AuthorId, row.ParentId, null), ct);
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    private static async Task<Page<VideoCommentView>> PageAsync(NpgsqlConnection conn, string sql, PageRequest page, object args, CancellationToken ct) =>
        (await KeysetQuery.PageAsync<CommentRow>(conn, sql, page, args, r => new Cursor(r.CreatedAt, r.Id), ct)).Map(r => r.ToView());

    private sealed class CommentRef
    {
        public Guid Id { get; init; }
        public Guid? ParentId { get; init; }
        public Guid AuthorId { get; init; }
    }

    private sealed class CommentRow
    {
        public Guid Id { get; init; }
        public Guid VideoId { get; init; }
        public Guid? ParentId { get; init; }
        public Guid AuthorId { get; init; }
        public string Username { get; init; } = "";
        public string FullName { get; init; } = "";
        public string? Avatar { get; init; }
        public bool IsVerified { get; init; }
        public string Content { get; init; } = "";
        public DateTimeOffset CreatedAt { get; init; }
        public long? ReplyCount { get; init; }

        public VideoCommentView ToView() =>
            new(Id, VideoId, ParentId, new(AuthorId, Username, FullName, Avatar, IsVerified), Content, ReplyCount, CreatedAt);
    }
}
