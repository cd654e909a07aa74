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
    private const string Table = "reels";
    private static readonly string Restore = RecentlyDeleted.ReleasedUploads.Restore(Table, "id, audio_track_id");
    private static readonly string Finalise = RecentlyDeleted.ReleasedUploads.Finalise(Table);

    /// <summary>GET /users/me/reels/deleted: most recently deleted first, each with the time it can no longer be restored.</summary>
    public async Task<IResult> Get(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        var entries = await RecentlyDeleted.PageAsync(conn, Table, caller.UserId, page, time.GetUtcNow(), ct);
        var shown = (await reader.LoadRecentlyDeletedAsync(conn, caller.UserId, entries.Items.Select(e => e.Id).ToList(), ct)).ToDictionary(v => v.Id);
        return Api.Ok(new Page<DeletedReel>(entries.Items.Where(e => shown.ContainsKey(e.Id))
            .Select(e => new DeletedReel(shown[e.Id], e.DeletedAt, e.RestorableUntil)).ToList(), entries.NextCursor));
    }

    /// <summary>
    /// POST /reels/{id}/restore: back where it was, with its likes, comments, saves and remixes; its sound's and hashtags'
    /// counts follow (reel.restored). The caller's live reel answers the same 200: a retried restore is not an error.
    /// </summary>
    public async Task<IResult> RestoreReel(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!ReelAccess.TryParseId(id, out var reelId)) return RecentlyDeleted.NotInList("reel");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            var back = (await conn.QueryAsync<(Guid Id, Guid? AudioTrackId)>(new CommandDefinition(Restore,
                new { id = reelId, callerId = caller.UserId, now = Timestamps.Now(time) }, tx, cancellationToken: ct))).ToList();
            if (back.Count > 0)
                await Outbox.EnqueueAsync(conn, tx, time, ReelEvents.Restored, caller.UserId, ReelEvent.Of(reelId, caller.UserId, back[0].AudioTrackId), ct);
            else if (!await RecentlyDeleted.IsOwnLiveAsync(conn, tx, Table, reelId, caller.UserId, ct))
                return RecentlyDeleted.NotInList("reel");
            await tx.CommitAsync(ct);
        }
        return await reader.ReadAsync(conn, caller.UserId, reelId, ct) is { } view ? Api.Ok(view) : Problems.NotFound("reel");
    }

    /// <summary>DELETE /users/me/reels/deleted/{id}: out of the list and beyond restoring at once; its objects released now.</summary>
    public async Task<IResult> DeleteForGood(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!ReelAccess.TryParseId(id, out var reelId)) return RecentlyDeleted.NotInList("reel");
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(Finalise,
            new { id = reelId, callerId = caller.UserId, now = Timestamps.Now(time) }, cancellationToken: ct)) is not null
            ? Api.NoContent() : RecentlyDeleted.NotInList("reel");
    }
}
