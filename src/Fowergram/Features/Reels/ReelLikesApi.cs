using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Reels;

/// <summary>
/// PUT/DELETE /reels/{id}/like and GET /reels/{id}/likers. Like posts' likes: the request only inserts or deletes the
/// like row and raises an event when a row really changed, in one statement; reel-counters applies the count. So any
/// number of concurrent requests of one user end in one row and one event, and N users in N rows. Allowed when the
/// author hid like counts (only the number is hidden); 404 when the reel is not visible (blocks included).
/// </summary>
public sealed class ReelLikesApi(NpgsqlDataSource db, AccessTokens tokens, TimeProvider time)
{
    /// <summary>The visible reel, only for a live caller (a token can outlive its account).</summary>
    internal static readonly string Target = $"""
        WITH target AS (
            SELECT r.id, r.user_id, r.duration FROM reels r
            WHERE r.id = @reelId AND {ReelAccess.VisibleTo}
              AND EXISTS (SELECT 1 FROM users me WHERE me.id = @viewer AND me.deleted_at IS NULL AND me.is_active)
        )
        """;

    /// <summary>The reel's author fills in the event: the bound payload carries an empty one.</summary>
    private static readonly string Event = Outbox.EventCte("FROM target t WHERE EXISTS (SELECT 1 FROM changed)",
        $"jsonb_build_object('{Outbox.JsonName(nameof(ReelLikeEvent.AuthorId))}', t.user_id)");

    private static readonly string LikeSql = Target + $"""
        , changed AS (
            INSERT INTO reel_likes (user_id, reel_id, created_at) SELECT @viewer, t.id, @now FROM target t
            ON CONFLICT (user_id, reel_id) DO NOTHING RETURNING reel_id
        ), {Event}
        SELECT t.user_id AS author_id, {Outbox.NotifyColumn} FROM target t
        """;

    private static readonly string UnlikeSql = Target + $"""
        , changed AS (
            DELETE FROM reel_likes l USING target t WHERE l.reel_id = t.id AND l.user_id = @viewer RETURNING l.reel_id
        ), {Event}
        SELECT t.user_id AS author_id, {Outbox.NotifyColumn} FROM target t
        """;

    public Task<IResult> Like(HttpRequest request, string id, CancellationToken ct) => ChangeAsync(request, id, LikeSql, ReelEvents.Liked, ct);

    public Task<IResult> Unlike(HttpRequest request, string id, CancellationToken ct) => ChangeAsync(request, id, UnlikeSql, ReelEvents.Unliked, ct);

    /// <summary>Who liked a reel the caller may see, newest first (likers blocked either way are left out).</summary>
    public async Task<IResult> Likers(HttpRequest request, string id, CancellationToken ct)
    {
        if (!tokens.TryReadViewer(request, out var caller)) return Problems.InvalidToken();
        var viewer = caller?.UserId;
        if (!ReelAccess.TryParseId(id, out var reelId)) return Problems.NotFound("reel");
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        if (await ReelAccess.FindAsync(conn, null, viewer, reelId, ct) is null) return Problems.NotFound("reel");
        var likers = await KeysetQuery.PageAsync<ReelLikerRow>(conn, ReelReadSql.Likers, page, new { reelId, viewer },
            r => new Cursor(r.LikedAt, r.Id), ct);
        return Api.Ok(likers.Map(r => new UserSummary(r.Id, r.Username, r.FullName, r.Avatar, r.IsVerified)));
    }

    private async Task<IResult> ChangeAsync(HttpRequest request, string id, string sql, string eventType, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!ReelAccess.TryParseId(id, out var reelId)) return Problems.NotFound("reel");
        var parameters = new DynamicParameters(new { reelId, viewer = caller.UserId, now = Timestamps.Now(time) });
        Outbox.Parameters(parameters, time, eventType, caller.UserId, ReelLikeEvent.Of(reelId, caller.UserId));
        await using var conn = await db.OpenConnectionAsync(ct);
        var found = await conn.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(sql, parameters, cancellationToken: ct));
        return found is null ? Problems.NotFound("reel") : Api.NoContent();
    }
}
