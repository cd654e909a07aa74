using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Reels;

/// <summary>
/// PUT/DELETE /reels/{id}/like and GET /reels/{id}/likers. Like posts' likes: the request only inserts or deletes the
/// like row and raises an event when a row really changed, in one statement; reel-counters applies the count. So any
/// number of concurrent requests of one user end in one row and one event, and N users in N rows. Allowed when the
/// author hid like counts (only the number is hidden); 404 when the reel is not visible (blocks included). An unlike also
/// finds a reel the caller can no longer see (deleted, a block, gone private) when their like is on it: their own like
/// always goes (204) and the count follows; with no like there it stays the 404 of a reel that does not exist.
/// </summary>
public sealed class ReelLikesApi(NpgsqlDataSource db, AccessTokens tokens, TimeProvider time)
{
    /// <summary>The like rows: the table and its column naming the reel.</summary>
    internal static readonly (string Table, string Column) LikeTable = ("reel_likes", "reel_id");

    private static readonly LikeStatements Statements = new(
        $"SELECT r.id, r.user_id, r.duration FROM reels r WHERE r.id = @reelId AND {ReelAccess.VisibleTo}", LikeTable, nameof(ReelLikeEvent.AuthorId),
        // The way out, as posts' (LikesApi): an unlike also finds a reel hidden from the caller since, when their like is on it.
        $"""
        SELECT r.id, r.user_id, r.duration FROM reels r
        WHERE r.id = @reelId AND ({ReelAccess.VisibleTo} OR EXISTS (SELECT 1 FROM reel_likes l WHERE l.user_id = @viewer AND l.reel_id = r.id))
        """);

    /// <summary>The visible reel (with its duration), only for a live caller: plays start from it too.</summary>
    internal static string Target => Statements.Target;

    public Task<IResult> Like(HttpRequest request, string id, CancellationToken ct) => ChangeAsync(request, id, Statements.Like, ReelEvents.Liked, ct);

    public Task<IResult> Unlike(HttpRequest request, string id, CancellationToken ct) => ChangeAsync(request, id, Statements.Unlike, ReelEvents.Unliked, ct);

    /// <summary>Who liked a reel the caller may see, newest first (likers blocked either way are left out).</summary>
    public async Task<IResult> Likers(HttpRequest request, string id, CancellationToken ct)
    {
        if (!tokens.TryReadViewer(request, out var caller)) return Problems.InvalidToken();
        var viewer = caller?.UserId;
        if (!ReelAccess.TryParseId(id, out var reelId)) return Problems.NotFound("reel");
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        if (await ReelAccess.FindForReaderAsync(conn, viewer, reelId, ct) is null) return await GoneCaller.NotFoundAsync(conn, viewer, "reel", ct);
        return Api.Ok(await WhoLiked.PageAsync(conn, ReelReadSql.Likers, page, new { reelId, viewer }, ct));
    }

    private Task<IResult> ChangeAsync(HttpRequest request, string id, string sql, string eventType, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Task.FromResult(Problems.Unauthorized());
        if (!ReelAccess.TryParseId(id, out var reelId)) return Task.FromResult(Problems.NotFound("reel"));
        return LikeStatements.ApplyAsync(db, time, sql, caller.UserId, new { reelId }, eventType, ReelLikeEvent.Of(reelId, caller.UserId), "reel", ct);
    }
}
