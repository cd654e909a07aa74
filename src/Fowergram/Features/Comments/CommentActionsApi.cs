using Dapper;
using Fowergram.Features.Posts;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Comments;

/// <summary>
/// Deleting a comment (its author, or the post's author) and liking one (idempotent PUT/DELETE). A commenter or liker
/// whom the post is hidden from (archived, a block either way, an author gone private) may still delete their own comment
/// and take back their own like: 204, without anything of the post in the answer (docs/posts.md "Comments").
/// </summary>
public sealed class CommentActionsApi(NpgsqlDataSource db, AccessTokens tokens, TimeProvider time)
{
    public async Task<IResult> Delete(HttpRequest request, string id, string commentId, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PostAccess.TryParseId(id, out var postId) || !Guid.TryParse(commentId, out var targetId)) return Problems.NotFound("comment");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        Guid postAuthorId;
        if (await PostAccess.FindAsync(conn, tx, caller.UserId, postId, ct) is { } post)
        {
            var comment = await conn.QuerySingleOrDefaultAsync<CommentRef>(new CommandDefinition(CommentsSql.FindLive,
                new { commentId = targetId, postId }, tx, cancellationToken: ct));
            if (comment is null || (comment.AuthorId != caller.UserId && post.AuthorId != caller.UserId)) return Problems.NotFound("comment");
            postAuthorId = post.AuthorId;
        }
        // A post the caller can no longer see (archived, a block, gone private, deleted): their own comment still goes, as
        // nothing they wrote may be stuck; anything else is the 404 of a missing post, so the answer tells nothing about it.
        else if (await conn.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(CommentsSql.FindOwnOnAnyPost,
                     new { commentId = targetId, postId, callerId = caller.UserId }, tx, cancellationToken: ct)) is { } authorOfPost)
            postAuthorId = authorOfPost;
        else return Problems.NotFound("post");

        await CommentRemoval.RemoveAsync(conn, tx, time, caller.UserId, postId, postAuthorId, targetId, Timestamps.Now(time), ct);
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    public Task<IResult> Like(HttpRequest request, string id, string commentId, CancellationToken ct) =>
        ChangeLikeAsync(request, id, commentId, CommentsSql.Like, CommentEvents.Liked, ct);

    public Task<IResult> Unlike(HttpRequest request, string id, string commentId, CancellationToken ct) =>
        ChangeLikeAsync(request, id, commentId, CommentsSql.Unlike, CommentEvents.Unliked, ct);

    private async Task<IResult> ChangeLikeAsync(HttpRequest request, string id, string commentId, string sql, string eventType, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PostAccess.TryParseId(id, out var postId) || !Guid.TryParse(commentId, out var targetId)) return Problems.NotFound("comment");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        var post = await PostAccess.FindAsync(conn, tx, caller.UserId, postId, ct);
        var comment = post is null ? null : await conn.QuerySingleOrDefaultAsync<CommentRef>(new CommandDefinition(CommentsSql.FindVisible,
            new { commentId = targetId, postId, viewer = caller.UserId }, tx, cancellationToken: ct));
        if (comment is null)
        {
            // Hidden from the caller (the post, or the comment: a block, its deletion): their own like still goes; without
            // one the 404 is the one a missing post or comment gets.
            if (sql == CommentsSql.Unlike && await UnlikeHiddenAsync(conn, tx, caller.UserId, postId, targetId, ct)) return Api.NoContent();
            return Problems.NotFound(post is null ? "post" : "comment");
        }
        var changed = await conn.ExecuteAsync(new CommandDefinition(sql,
            new { viewer = caller.UserId, commentId = targetId, now = Timestamps.Now(time) }, tx, cancellationToken: ct));
        if (changed == 1) await RaiseAsync(conn, tx, eventType, caller.UserId, postId, targetId, comment.AuthorId, ct);
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    /// <summary>Takes the caller's like off a comment hidden from them; false when they had none there.</summary>
    private async Task<bool> UnlikeHiddenAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid callerId, Guid postId, Guid commentId,
        CancellationToken ct)
    {
        var authorId = await conn.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(CommentsSql.UnlikeOwnAnywhere,
            new { viewer = callerId, commentId, postId }, tx, cancellationToken: ct));
        if (authorId is not { } commentAuthorId) return false;
        await RaiseAsync(conn, tx, CommentEvents.Unliked, callerId, postId, commentId, commentAuthorId, ct);
        await tx.CommitAsync(ct);
        return true;
    }

    private Task RaiseAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string eventType, Guid callerId, Guid postId, Guid commentId,
        Guid commentAuthorId, CancellationToken ct) =>
        Outbox.EnqueueAsync(conn, tx, time, eventType, callerId,
            new CommentLikeEvent(commentId, commentAuthorId, postId, PostEvents.EntityComment, commentId), ct);
}
