using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Reels;

/// <summary>A reel in the author's "Recently deleted": restorable until <c>RestorableUntil</c>.</summary>
public sealed record DeletedReel(ReelView Reel, DateTimeOffset DeletedAt, DateTimeOffset RestorableUntil);

/// <summary>
/// "Recently deleted" reels (docs/reels.md): the reels the caller deleted within Reels:RestoreWindow, which they may bring
/// back as they were or delete for good. Nobody else sees the list, and anyone else's reel is a 404 on every route.
/// </summary>
public sealed class ReelsRecentlyDeletedApi(NpgsqlDataSource db, AccessTokens tokens, ReelReader reader, TimeProvider time)
{
    private static readonly string List = $"""
        SELECT r.id, r.deleted_at, r.restorable_until FROM reels r
        WHERE r.user_id = @callerId AND r.restorable_until IS NOT NULL AND r.restorable_until > @now
          AND {KeysetSql.Older("r.deleted_at", "r.id")}
        ORDER BY r.deleted_at DESC, r.id DESC LIMIT @take
        """;

    // The uploads released as of the window's end are taken back; media-cleanup never reaches them before that end
    // (it waits Media:CleanupGrace past it), and a restore is refused from that end on.
    private const string Restore = """
        WITH back AS (
            UPDATE reels SET deleted_at = NULL, restorable_until = NULL, updated_at = @now
            WHERE id = @reelId AND user_id = @callerId AND restorable_until > @now
            RETURNING id, upload_id, thumbnail_upload_id, audio_track_id
        ), kept AS (
            UPDATE uploads SET released_at = NULL FROM back
            WHERE uploads.id IN (back.upload_id, back.thumbnail_upload_id) AND uploads.object_deleted_at IS NULL
        )
        SELECT id, audio_track_id FROM back
        """;

    private const string OwnLive = "SELECT EXISTS (SELECT 1 FROM reels WHERE id = @reelId AND user_id = @callerId AND deleted_at IS NULL)";

    /// <summary>GET /users/me/reels/deleted: most recently deleted first, each with the time it can no longer be restored.</summary>
    public async Task<IResult> Get(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        var rows = await KeysetQuery.PageAsync<DeletedRow>(conn, List, page, new { callerId = caller.UserId, now = time.GetUtcNow() },
            r => new Cursor(r.DeletedAt, r.Id), ct);
        var shown = (await reader.LoadRecentlyDeletedAsync(conn, caller.UserId, rows.Items.Select(r => r.Id).ToList(), ct)).ToDictionary(v => v.Id);
        var items = rows.Items.Where(r => shown.ContainsKey(r.Id)).Select(r => new DeletedReel(shown[r.Id], r.DeletedAt, r.RestorableUntil)).ToList();
        return Api.Ok(new Page<DeletedReel>(items, rows.NextCursor));
    }

    /// <summary>
    /// POST /reels/{id}/restore: back where it was, with its likes, comments, saves and remixes; its sound's and hashtags'
    /// counts follow (reel.restored). The caller's live reel answers the same 200: a retried restore is not an error.
    /// </summary>
    public async Task<IResult> RestoreReel(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!ReelAccess.TryParseId(id, out var reelId)) return NotRestorable();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            var args = new { reelId, callerId = caller.UserId, now = Timestamps.Now(time) };
            var back = (await conn.QueryAsync<(Guid Id, Guid? AudioTrackId)>(new CommandDefinition(Restore, args, tx, cancellationToken: ct))).ToList();
            if (back.Count == 0)
            {
                if (!await conn.ExecuteScalarAsync<bool>(new CommandDefinition(OwnLive, args, tx, cancellationToken: ct))) return NotRestorable();
            }
            else
            {
                await Outbox.EnqueueAsync(conn, tx, time, ReelEvents.Restored, caller.UserId, ReelEvent.Of(reelId, caller.UserId, back[0].AudioTrackId), ct);
            }
            await tx.CommitAsync(ct);
        }
        return await reader.ReadAsync(conn, caller.UserId, reelId, ct) is { } view ? Api.Ok(view) : Problems.NotFound("reel");
    }

    /// <summary>DELETE /users/me/reels/deleted/{id}: out of the list and beyond restoring at once; its objects released now.</summary>
    public async Task<IResult> DeleteForGood(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!ReelAccess.TryParseId(id, out var reelId)) return NotRestorable();
        await using var conn = await db.OpenConnectionAsync(ct);
        var now = Timestamps.Now(time);
        var final = await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(ReelsSql.Finalise,
            new { reelId, callerId = caller.UserId, now, restorableAfter = now }, cancellationToken: ct));
        return final is not null ? Api.NoContent() : NotRestorable();
    }

    private static IResult NotRestorable() => Problems.Problem(StatusCodes.Status404NotFound, "Not found.",
        "No reel of yours with this id is in Recently deleted: it was never yours, was deleted for good, or its time to be restored has passed.");

    private sealed class DeletedRow
    {
        public Guid Id { get; init; }
        public DateTimeOffset DeletedAt { get; init; }
        public DateTimeOffset RestorableUntil { get; init; }
    }
}
