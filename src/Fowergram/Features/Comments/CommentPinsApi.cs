using Fowergram.Features.Posts;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Comments;

/// <summary>
/// Pinned comments of posts (docs/posts.md "Comments", migration 0100): the post's author pins up to
/// <see cref="CommentPinning.Max"/> top-level comments (PUT, idempotent) or unpins one (DELETE), by the rules all threads
/// share (<see cref="CommentPinning"/>); the pinned lead the first page of the comment list (<see cref="CommentsSql.Pinned"/>).
/// </summary>
public sealed class CommentPinsApi(NpgsqlDataSource db, AccessTokens tokens, TimeProvider time)
{
    /// <summary>The pin statements over posts' comments (the thread reads of posts are their own: CommentsSql).</summary>
    private static readonly CommentThreadSql Thread = new("comments", "post_id", "postId", "comment_likes", "posts", PostEvents.EntityComment);

    public Task<IResult> Pin(HttpRequest request, string id, string commentId, CancellationToken ct) =>
        CommentPinning.HandleAsync(db, tokens, time, Thread, request, id, commentId, pin: true, ct);

    /// <summary>Unpins (204 whether or not it was pinned).</summary>
    public Task<IResult> Unpin(HttpRequest request, string id, string commentId, CancellationToken ct) =>
        CommentPinning.HandleAsync(db, tokens, time, Thread, request, id, commentId, pin: false, ct);
}
