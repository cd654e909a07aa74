using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Posts;

/// <summary>
/// PUT/DELETE /posts/{id}/like. The request only inserts or deletes the like row and raises an event
/// when a row really changed; post-counters applies the count. So any number of concurrent requests of
/// one user end in one row and one +1, and N users in N rows and +N. Likes are allowed when the author
/// hid like counts (only the number is hidden), refused as 404 when the post is not visible (blocks included).
/// </summary>
public sealed class LikesApi(NpgsqlDataSource db, AccessTokens tokens, TimeProvider time)
{
    private static readonly string Target = $"""
        WITH target AS (
            SELECT p.id, p.user_id FROM posts p
            WHERE p.id = @postId AND {PostAccess.VisibleTo}
              AND EXISTS (SELECT 1 FROM users me WHERE me.id = @viewer AND me.deleted_at IS NULL AND me.is_active)
        )
        """;

    /// <summary>The post's author fills in the event: the bound payload carries an empty one.</summary>
    private static readonly string Event = Outbox.EventCte("FROM target t WHERE EXISTS (SELECT 1 FROM changed)",
        $"jsonb_build_object('{Outbox.JsonName(nameof(PostUserEvent.AuthorId))}', t.user_id)");

    // One statement each: one round trip, and no transaction to open and commit around it.
    private static readonly string LikeSql = Target + $"""
        , changed AS (
            INSERT INTO likes (user_id, post_id, created_at) SELECT @viewer, t.id, @now FROM target t
            ON CONFLICT (user_id, post_id) DO NOTHING RETURNING post_id
        ), {Event}
        SELECT t.user_id AS author_id, EXISTS (SELECT 1 FROM changed) AS changed, {Outbox.NotifyColumn} FROM target t
        """;

    private static readonly string UnlikeSql = Target + $"""
        , changed AS (
            DELETE FROM likes l USING target t WHERE l.post_id = t.id AND l.user_id = @viewer RETURNING l.post_id
        ), {Event}
        SELECT t.user_id AS author_id, EXISTS (SELECT 1 FROM changed) AS changed, {Outbox.NotifyColumn} FROM target t
        """;

    public Task<IResult> Like(HttpRequest request, string id, CancellationToken ct) => ChangeAsync(request, id, LikeSql, PostEvents.Liked, ct);

    public Task<IResult> Unlike(HttpRequest request, string id, CancellationToken ct) => ChangeAsync(request, id, UnlikeSql, PostEvents.Unliked, ct);

    private async Task<IResult> ChangeAsync(HttpRequest request, string id, string sql, string eventType, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PostAccess.TryParseId(id, out var postId)) return Problems.NotFound("post");
        var parameters = new DynamicParameters(new { postId, viewer = caller.UserId, now = Timestamps.Now(time) });
        Outbox.Parameters(parameters, time, eventType, caller.UserId, PostUserEvent.Of(postId, Guid.Empty, caller.UserId));
        await using var conn = await db.OpenConnectionAsync(ct);
        var result = await conn.QuerySingleOrDefaultAsync<ChangeRow>(new CommandDefinition(sql, parameters, cancellationToken: ct));
        return result is null ? Problems.NotFound("post") : Api.NoContent();
    }

    private sealed class ChangeRow
    {
        public Guid AuthorId { get; init; }
    }
}
