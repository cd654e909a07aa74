using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Posts;

/// <summary>
/// PUT/DELETE /posts/{id}/like. The request only inserts or deletes the like row and raises an event
/// when a row really changed; post-counters applies the count. So any number of concurrent requests of
/// one user end in one row and one +1, and N users in N rows and +N. Likes are allowed when the author
/// hid like counts (only the number is hidden), refused as 404 when the post is not visible (blocks included). An unlike
/// also finds a post the caller can no longer see (archived, a block, gone private) when they have a like on it: their own
/// like always goes (204) and the count follows; with no like there it stays a 404, as for a post that does not exist, so
/// it tells nothing about the post.
/// </summary>
public sealed class LikesApi(NpgsqlDataSource db, AccessTokens tokens, TimeProvider time)
{
    private static readonly LikeStatements Statements = new($"SELECT p.id, p.user_id FROM posts p WHERE p.id = @postId AND {PostAccess.VisibleTo}",
        ("likes", "post_id"), nameof(PostUserEvent.AuthorId), $"""
        SELECT p.id, p.user_id FROM posts p
        WHERE p.id = @postId AND ({PostAccess.VisibleTo} OR EXISTS (SELECT 1 FROM likes l WHERE l.user_id = @viewer AND l.post_id = p.id))
        """);

    public Task<IResult> Like(HttpRequest request, string id, CancellationToken ct) => ChangeAsync(request, id, Statements.Like, PostEvents.Liked, ct);

    public Task<IResult> Unlike(HttpRequest request, string id, CancellationToken ct) => ChangeAsync(request, id, Statements.Unlike, PostEvents.Unliked, ct);

    private Task<IResult> ChangeAsync(HttpRequest request, string id, string sql, string eventType, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Task.FromResult(Problems.Unauthorized());
        if (!PostAccess.TryParseId(id, out var postId)) return Task.FromResult(Problems.NotFound("post"));
        return LikeStatements.ApplyAsync(db, time, sql, caller.UserId, new { postId }, eventType, PostUserEvent.Of(postId, Guid.Empty, caller.UserId),
            "post", ct);
    }
}
