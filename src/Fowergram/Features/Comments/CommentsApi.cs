using Dapper;
using Fowergram.Features.Posts;
using Fowergram.Platform;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Fowergram.Platform.Http.Idempotency;
using Fowergram.Platform.WriteLimits;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Comments;

/// <summary>
/// Writing and reading comments: one level of replies, as on Instagram. A comment by someone the post's author restricts, or
/// with one of the author's hidden words, is written held (<see cref="CommentHolding"/>, <see cref="HeldCommentsApi"/>).
/// </summary>
public sealed class CommentsApi(NpgsqlDataSource db, AccessTokens tokens, WriteAllowances allowances, TimeProvider time, IdempotentRequests idempotency)
{
    private const int BodyLimit = JsonBody.LongTextLimitBytes;

    /// <summary>Once per <c>Idempotency-Key</c> (<see cref="IdempotentRequests"/>).</summary>
    public Task<IResult> Create(HttpRequest request, string id, CancellationToken ct) =>
        idempotency.RunAsync(request, () => CreateOnce(request, id, ct), ct);

    private async Task<IResult> CreateOnce(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PostAccess.TryParseId(id, out var postId)) return Problems.NotFound("post");
        var body = await JsonBody.ReadAsync<CreateCommentRequest>(request, ct, BodyLimit);
        if (body.Error is not null) return body.Error;
        var input = body.Value!;
        var content = (await ComposedText.WrittenAsync(db, input.Content, ct))?.Trim() ?? "";
        var links = CaptionText.Parse(content);
        var errors = new Validation().Required("content", content);
        if (CaptionText.Problem(content, links) is { } problem) errors.Add("content", problem);
        if (!errors.IsValid) return errors.ToProblem();

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        // Share-locked: a deletion, archive or comments turned off in flight commits first and is seen (404, 409).
        if (await PostAccess.FindSharedAsync(conn, tx, caller.UserId, postId, ct) is not { } post) return Problems.NotFound("post");
        if (post.CommentsDisabled) return Problems.Conflict("Comments are turned off for this post.");
        if (await CommentAudience.RefusalAsync(conn, tx, post.AuthorId, caller.UserId, ct) is { } notAllowed) return notAllowed;
        CommentRef? repliedTo = null;
        if (input.ParentId is { } parentId)
        {
            // The thread first, so a deletion of it cannot cross the reply (CommentsSql.LockThread); then a fresh look.
            await conn.ExecuteAsync(new CommandDefinition(CommentsSql.LockThread, new { commentId = parentId, postId }, tx, cancellationToken: ct));
            if ((repliedTo = await conn.QuerySingleOrDefaultAsync<CommentRef>(new CommandDefinition(CommentsSql.FindVisible,
                    new { commentId = parentId, postId, viewer = caller.UserId }, tx, cancellationToken: ct))) is null)
                return Problems.NotFound("comment");
        }

        var commentId = Ids.New(time);
        var now = Timestamps.Now(time);
        var threadId = repliedTo is null ? (Guid?)null : repliedTo.ParentId ?? repliedTo.Id;
        var heldAt = repliedTo is { ThreadHeld: true } ? now : await CommentHolding.HeldAtAsync(conn, tx, post.AuthorId, caller.UserId, content, now, ct);
        await conn.ExecuteAsync(new CommandDefinition(CommentsSql.Insert,
            new { id = commentId, postId, authorId = caller.UserId, parentId = threadId, content, now, heldAt }, tx, cancellationToken: ct));
        if (heldAt is null)
            await AnnounceAsync(conn, tx, time, postId, post.AuthorId, new ShownComment
            {
                Id = commentId, ParentId = threadId, AuthorId = caller.UserId, Content = content, ParentAuthorId = repliedTo?.AuthorId,
            }, ct);
        var view = await conn.QuerySingleAsync<CommentThreadRow>(new CommandDefinition(CommentsSql.One,
            new { commentId, viewer = caller.UserId }, tx, cancellationToken: ct));
        if (await allowances.SpendAsync(conn, tx, caller.UserId, WriteKind.Comment, ct) is { } spent) return spent;
        await tx.CommitAsync(ct);
        return Api.Created($"/api/v1/posts/{postId}/comments/{commentId}", CommentView.Of(view));
    }

    /// <summary>
    /// Top-level comments, newest first, each with the number of replies the caller may see. The first page starts with the
    /// pinned ones (at most <see cref="CommentPinning.Max"/>, most recently pinned first), beyond its limit; the pages after it
    /// continue with the others.
    /// </summary>
    public async Task<IResult> List(HttpRequest request, string id, CancellationToken ct)
    {
        if (!tokens.TryReadViewer(request, out var caller)) return Problems.InvalidToken();
        var viewer = caller?.UserId;
        if (!PostAccess.TryParseId(id, out var postId)) return Problems.NotFound("post");
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        if (await PostAccess.FindForReaderAsync(conn, viewer, postId, ct) is null) return await GoneCaller.NotFoundAsync(conn, viewer, "post", ct);
        var rest = await PageAsync(conn, CommentsSql.TopLevel, page, new { postId, viewer }, ct);
        if (page.After is not null) return Api.Ok(rest);
        var pinned = (await conn.QueryAsync<CommentThreadRow>(new CommandDefinition(CommentsSql.Pinned, new { postId, viewer }, cancellationToken: ct)))
            .Select(CommentView.Of).ToList();
        return Api.Ok(pinned.Count == 0 ? rest : new Page<CommentView>([.. pinned, .. rest.Items], rest.NextCursor));
    }

    /// <summary>Replies of a top-level comment, oldest first.</summary>
    public async Task<IResult> Replies(HttpRequest request, string id, string commentId, CancellationToken ct)
    {
        if (!tokens.TryReadViewer(request, out var caller)) return Problems.InvalidToken();
        var viewer = caller?.UserId;
        if (!PostAccess.TryParseId(id, out var postId) || !Guid.TryParse(commentId, out var parentId)) return Problems.NotFound("comment");
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        if (await PostAccess.FindForReaderAsync(conn, viewer, postId, ct) is null) return await GoneCaller.NotFoundAsync(conn, viewer, "post", ct);
        var parent = await conn.QuerySingleOrDefaultAsync<CommentRef>(new CommandDefinition(CommentsSql.FindVisible,
            new { commentId = parentId, postId, viewer }, cancellationToken: ct));
        if (parent is not { ParentId: null }) return Problems.NotFound("comment");
        return Api.Ok(await PageAsync(conn, CommentsSql.Replies, page, new { postId, parentId, viewer }, ct));
    }

    private static async Task<Page<CommentView>> PageAsync(NpgsqlConnection conn, string sql, PageRequest page, object args, CancellationToken ct) =>
        (await KeysetQuery.PageAsync<CommentThreadRow>(conn, sql, page, args, r => new Cursor(r.CreatedAt, r.Id), ct)).Map(CommentView.Of);

    /// <summary>
    /// What a comment raises once shown — written shown, or approved by the post's author (CommentHolding): comment.created
    /// (actor: its writer) and its @mentions, stored and each raised once.
    /// </summary>
    internal static async Task AnnounceAsync(NpgsqlConnection conn, NpgsqlTransaction tx, TimeProvider time, Guid postId, Guid postAuthorId,
        ShownComment comment, CancellationToken ct)
    {
        await MentionAsync(conn, tx, time, comment.AuthorId, postId, comment.Id, CaptionText.Parse(comment.Content), ct);
        await Outbox.EnqueueAsync(conn, tx, time, CommentEvents.Created, comment.AuthorId, new CommentEvent(comment.Id, postId, postAuthorId,
            comment.AuthorId, comment.ParentId, comment.ParentAuthorId, PostEvents.EntityComment, comment.Id), ct);
    }

    private static async Task MentionAsync(NpgsqlConnection conn, NpgsqlTransaction tx, TimeProvider time, Guid authorId, Guid postId, Guid commentId,
        TextLinks links, CancellationToken ct)
    {
        var userIds = (await People.ResolveAsync(conn, tx, authorId, links.Mentions, Involvement.Mention, ct)).Values.Distinct().ToArray();
        if (userIds.Length == 0) return;
        var inserted = (await conn.QueryAsync<Guid>(new CommandDefinition(CommentsSql.InsertMentions,
            new { commentId, userIds, now = Timestamps.Now(time) }, tx, cancellationToken: ct))).ToHashSet();
        foreach (var userId in userIds.Where(u => u != authorId && inserted.Contains(u)))
            await Outbox.EnqueueAsync(conn, tx, time, PostEvents.UserMentioned, authorId, MentionEvent.Of(userId, postId, commentId), ct);
    }
}
