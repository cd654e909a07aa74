using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Reels;

/// <summary>
/// PUT/DELETE /reels/{id}/save and GET /users/me/saved/reels (docs/reels.md "Saves"): the statements of likes over
/// saved_reels, so any number of concurrent saves of one account end in one row and one reel.saved event, and a reel the
/// caller may not see is a 404 with nothing written — but for taking back one's own save of a reel hidden since. Private to
/// the saver; reel-counters recounts the reel's saves.
/// </summary>
public sealed class ReelSavesApi(NpgsqlDataSource db, AccessTokens tokens, ReelReader reader, TimeProvider time)
{
    private static readonly LikeStatements Statements = new(
        $"SELECT r.id, r.user_id FROM reels r WHERE r.id = @reelId AND {ReelAccess.VisibleTo}", ("saved_reels", "reel_id"),
        nameof(ReelSaveEvent.AuthorId),
        // The way out, as a post's save and a reel's like have: an unsave also finds a reel hidden from the caller since, when
        // their save is on it. Without it such a save stayed for good, counted in the save count its author sees (a 404).
        $"""
        SELECT r.id, r.user_id FROM reels r
        WHERE r.id = @reelId AND ({ReelAccess.VisibleTo} OR EXISTS (SELECT 1 FROM saved_reels s WHERE s.user_id = @viewer AND s.reel_id = r.id))
        """);

    /// <summary>The saver's reels, newest save first; reels the saver may no longer see are left out (saved_reels_user_recent).</summary>
    private static readonly string Saved = $"""
        SELECT s.reel_id AS id, s.created_at
        FROM saved_reels s JOIN reels r ON r.id = s.reel_id
        WHERE s.user_id = @viewer AND {ReelAccess.VisibleTo} AND {KeysetSql.Older("s.created_at", "s.reel_id")}
        ORDER BY s.created_at DESC, s.reel_id DESC LIMIT @take
        """;

    public Task<IResult> Save(HttpRequest request, string id, CancellationToken ct) => ChangeAsync(request, id, Statements.Like, ReelEvents.Saved, ct);

    public Task<IResult> Unsave(HttpRequest request, string id, CancellationToken ct) => ChangeAsync(request, id, Statements.Unlike, ReelEvents.Unsaved, ct);

    public async Task<IResult> List(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        if (!await People.IsLiveAsync(conn, null, caller.UserId, ct)) return Problems.AccountGone();
        return Api.Ok(await reader.PageAsync(conn, caller.UserId, Saved, page, new { viewer = caller.UserId }, ct));
    }

    private Task<IResult> ChangeAsync(HttpRequest request, string id, string sql, string eventType, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Task.FromResult(Problems.Unauthorized());
        if (!ReelAccess.TryParseId(id, out var reelId)) return Task.FromResult(Problems.NotFound("reel"));
        return LikeStatements.ApplyAsync(db, time, sql, caller.UserId, new { reelId }, eventType, ReelSaveEvent.Of(reelId, caller.UserId), "reel", ct);
    }
}
