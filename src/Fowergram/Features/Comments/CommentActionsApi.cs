using Dapper;
using Fowergram.Features.Posts;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Comments;

/// <summary>Deleting a comment (its author, or the post's author) and liking one (idempotent PUT/DELETE).</summary>
public sealed class CommentActionsApi(NpgsqlDataSource db, AccessTokens tokens, TimeProvider time)
{
    public async Task<IResult> Delete(HttpRequest request, string id, string commentId, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PostAccess.TryParseId(id, out var postId) || !Guid.TryParse(commentId, out var targetId)) return Problems.NotFound("comment");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        if (await PostAccess.FindAsync(conn, tx, caller.UserId, postId, ct) is not { } post) return Problems.NotFound("post");
        var comment = await conn.QuerySingleOrDefaultAsync<CommentRef>(new CommandDefinition(CommentsSql.FindLive,
            new { commentId = targetId, postId }, tx, cancellationToken: ct));
        if (comment is null || (comment.AuthorId != caller.UserId && post.AuthorId != caller.UserId)) return Problems.NotFound("comment");

        await CommentRemoval.RemoveAsync(conn, tx, time, caller.UserId, postId, post.AuthorId, targetId, Timestamps.Now(time), ct);
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
        if (await PostAccess.FindAsync(conn, tx, caller.UserId, postId, ct) is null) return Problems.NotFound("post");
        var comment = await conn.QuerySingleOrDefaultAsync<CommentRef>(new CommandDefinition(CommentsSql.FindVisible,
            new { commentId = targetId, postId, viewer = caller.UserId }, tx, cancellationToken: ct));
        if (comment is null) return Problems.NotFound("comment");
        var changed = await conn.ExecuteAsync(new CommandDefinition(sql,
            new { viewer = caller.UserId, commentId = targetId, now = Timestamps.Now(time) }, tx, cancellationToken: ct));
        if (changed == 1)
            await Outbox.EnqueueAsync(conn, tx, time, eventType, caller.UserId,
                new CommentLikeEvent(targetId, comment.AuthorId, postId, PostEvents.EntityComment, targetId), ct);
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }
}
