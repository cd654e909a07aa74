using Fowergram.Features.Posts;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Comments;

/// <summary>
/// Held comments of posts (docs/social-graph.md "Restrict", migration 0105): the post's author lists the comments held
/// because it restricts their writers, newest first, and approves one, which then counts, notifies and mentions as if just
/// written (<see cref="CommentHolding"/>). Deleting a held comment is the usual DELETE of a comment.
/// </summary>
public sealed class HeldCommentsApi(NpgsqlDataSource db, AccessTokens tokens, TimeProvider time)
{
    /// <summary>The approval statements over posts' comments (their reads are CommentsSql's).</summary>
    private static readonly CommentThreadSql Thread = new("comments", "post_id", "postId", "comment_likes", "posts", PostEvents.EntityComment);

    /// <summary>Only the post's author: anyone else who may see the post gets a 403.</summary>
    public async Task<IResult> List(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PostAccess.TryParseId(id, out var postId)) return Problems.NotFound("post");
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        if (await PostAccess.FindForReaderAsync(conn, caller.UserId, postId, ct) is not { } post)
            return await GoneCaller.NotFoundAsync(conn, caller.UserId, "post", ct);
        if (post.AuthorId != caller.UserId) return Problems.Forbidden("Only the post's author reviews its held comments.");
        return Api.Ok((await KeysetQuery.PageAsync<CommentThreadRow>(conn, CommentsSql.Held, page, new { postId, viewer = caller.UserId },
            r => new Cursor(r.CreatedAt, r.Id), ct)).Map(CommentView.Of));
    }

    /// <summary>204 once shown (again 204, nothing raised twice); anyone else's post, or no such live comment: 404.</summary>
    public Task<IResult> Approve(HttpRequest request, string id, string commentId, CancellationToken ct) =>
        CommentHolding.ApproveAsync(db, tokens, time, Thread, request, id, commentId,
            (conn, tx, postId, postAuthorId, comment, token) => CommentsApi.AnnounceAsync(conn, tx, time, postId, postAuthorId, comment, token), ct);
}
