using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Videos;

/// <summary>A long-form video in the author's "Recently deleted": restorable until <c>RestorableUntil</c>.</summary>
public sealed record DeletedVideo(VideoView Video, DateTimeOffset DeletedAt, DateTimeOffset RestorableUntil);

/// <summary>
/// "Recently deleted" long-form videos (docs/videos.md): the videos the caller deleted within Videos:RestoreWindow, which they
/// may bring back as they were or delete for good. Nobody else sees the list, and anyone else's video is a 404 on every route.
/// </summary>
public sealed class VideosRecentlyDeletedApi(NpgsqlDataSource db, AccessTokens tokens, VideoReader reader, TimeProvider time)
{
    private const string Table = "igtv_videos";
    private static readonly string Restore = RecentlyDeleted.ReleasedUploads.Restore(Table, "id");
    private static readonly string Finalise = RecentlyDeleted.ReleasedUploads.Finalise(Table);

    /// <summary>GET /users/me/videos/deleted: most recently deleted first, each with the time it can no longer be restored.</summary>
    public async Task<IResult> Get(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        var entries = await RecentlyDeleted.PageAsync(conn, Table, caller.UserId, page, time.GetUtcNow(), ct);
        var shown = (await reader.LoadRecentlyDeletedAsync(conn, caller.UserId, entries.Items.Select(e => e.Id).ToList(), ct)).ToDictionary(v => v.Id);
        return Api.Ok(new Page<DeletedVideo>(entries.Items.Where(e => shown.ContainsKey(e.Id))
            .Select(e => new DeletedVideo(shown[e.Id], e.DeletedAt, e.RestorableUntil)).ToList(), entries.NextCursor));
    }

    /// <summary>
    /// POST /videos/{id}/restore: back as it was — published or a draft, in its series at its place if the series still
    /// exists — with its likes, comments and views. The caller's live video answers the same 200: a retry is not an error.
    /// </summary>
    public async Task<IResult> RestoreVideo(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!VideoAccess.TryParseId(id, out var videoId)) return RecentlyDeleted.NotInList("video");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            var back = await conn.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(Restore,
                new { id = videoId, callerId = caller.UserId, now = Timestamps.Now(time) }, tx, cancellationToken: ct));
            if (back is not null)
                await Outbox.EnqueueAsync(conn, tx, time, VideoEvents.Restored, caller.UserId, VideoEvent.Of(videoId, caller.UserId), ct);
            else if (!await RecentlyDeleted.IsOwnLiveAsync(conn, tx, Table, videoId, caller.UserId, ct))
                return RecentlyDeleted.NotInList("video");
            await tx.CommitAsync(ct);
        }
        return await reader.ReadAsync(conn, caller.UserId, videoId, ct) is { } view ? Api.Ok(view) : Problems.NotFound("video");
    }

    /// <summary>DELETE /users/me/videos/deleted/{id}: out of the list and beyond restoring at once; its objects released now.</summary>
    public async Task<IResult> DeleteForGood(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!VideoAccess.TryParseId(id, out var videoId)) return RecentlyDeleted.NotInList("video");
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(Finalise,
            new { id = videoId, callerId = caller.UserId, now = Timestamps.Now(time) }, cancellationToken: ct)) is not null
            ? Api.NoContent() : RecentlyDeleted.NotInList("video");
    }
}
