using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Fowergram.Platform.Media;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Videos;

/// <summary>
/// Cover pictures (docs/videos.md "Covers", migration 0096): the owner sets a long-form video's thumbnail or a series' cover
/// from an upload requested with purpose 'cover', validated and claimed like any other, or removes it. The picture it
/// replaces is released in the same transaction, for media-cleanup. Someone else's (or a deleted) video or series is a 404.
/// </summary>
public sealed class VideoCoversApi(NpgsqlDataSource db, AccessTokens tokens, MediaUploads uploads, VideoReader reader, SeriesApi series,
    TimeProvider time)
{
    /// <summary>One holder of a cover: how to lock the owner's row (answering its current upload) and how to point it elsewhere.</summary>
    private sealed record Holder(string What, string Lock, string Point);

    private static readonly Holder Video = new("video",
        "SELECT id, thumbnail_upload_id AS upload_id FROM igtv_videos WHERE id = @id AND user_id = @callerId AND deleted_at IS NULL FOR UPDATE",
        "UPDATE igtv_videos SET thumbnail_upload_id = @uploadId, thumbnail_blob_name = @objectName, updated_at = @now WHERE id = @id");

    private static readonly Holder Series = new("series",
        "SELECT id, cover_upload_id AS upload_id FROM igtv_series WHERE id = @id AND user_id = @callerId FOR UPDATE",
        "UPDATE igtv_series SET cover_upload_id = @uploadId, cover_blob_name = @objectName, updated_at = @now WHERE id = @id");

    private const string Release = "UPDATE uploads SET released_at = @now WHERE id = @uploadId AND status = 'used' AND released_at IS NULL";

    public Task<IResult> SetThumbnail(HttpRequest request, string id, CancellationToken ct) =>
        SetAsync(request, Video, id, async (conn, viewer, videoId) =>
            await reader.ReadAsync(conn, viewer, videoId, ct) is { } view ? Api.Ok(view) : Problems.NotFound("video"), ct);

    public Task<IResult> RemoveThumbnail(HttpRequest request, string id, CancellationToken ct) => RemoveAsync(request, Video, id, ct);

    public Task<IResult> SetCover(HttpRequest request, string id, CancellationToken ct) =>
        SetAsync(request, Series, id, async (conn, viewer, seriesId) =>
            await series.ReadAsync(conn, viewer, seriesId, ct) is { } view ? Api.Ok(view) : Problems.NotFound("series"), ct);

    public Task<IResult> RemoveCover(HttpRequest request, string id, CancellationToken ct) => RemoveAsync(request, Series, id, ct);

    private async Task<IResult> SetAsync(HttpRequest request, Holder holder, string rawId, Func<NpgsqlConnection, Guid, Guid, Task<IResult>> answer,
        CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!VideoAccess.TryParseId(rawId, out var id)) return Problems.NotFound(holder.What);
        var body = await JsonBody.ReadAsync<SetCoverRequest>(request, ct);
        if (body.Error is not null) return body.Error;
        if (body.Value!.UploadId is not { } uploadId || uploadId == Guid.Empty)
            return Problems.Validation("uploadId", "This field is required: the id of an upload requested with purpose 'cover'.");

        await using var conn = await db.OpenConnectionAsync(ct);
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
            if (await LockAsync(conn, tx, holder, id, caller.UserId, ct) is not { } current) return Problems.NotFound(holder.What);
            var claim = await uploads.ClaimAsync(conn, tx, caller.UserId, uploadId, MediaPurpose.Cover, ct);
            if (!claim.Succeeded) return claim.ToProblem("uploadId");
            var now = Timestamps.Now(time);
            await conn.ExecuteAsync(new CommandDefinition(holder.Point, new { id, uploadId, objectName = claim.Media!.ObjectName, now }, tx, cancellationToken: ct));
            await ReleaseAsync(conn, tx, current.UploadId, now, ct);
            await tx.CommitAsync(ct);
        }
        return await answer(conn, caller.UserId, id);
    }

    /// <summary>Takes the picture off (204 whether or not there was one); its object is deleted by media-cleanup.</summary>
    private async Task<IResult> RemoveAsync(HttpRequest request, Holder holder, string rawId, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!VideoAccess.TryParseId(rawId, out var id)) return Problems.NotFound(holder.What);
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (await LockAsync(conn, tx, holder, id, caller.UserId, ct) is not { } current) return Problems.NotFound(holder.What);
        if (current.UploadId is not null)
        {
            var now = Timestamps.Now(time);
            await conn.ExecuteAsync(new CommandDefinition(holder.Point, new { id, uploadId = (Guid?)null, objectName = (string?)null, now }, tx, cancellationToken: ct));
            await ReleaseAsync(conn, tx, current.UploadId, now, ct);
        }
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    private static Task<LockedHolder?> LockAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Holder holder, Guid id, Guid callerId, CancellationToken ct) =>
        conn.QuerySingleOrDefaultAsync<LockedHolder?>(new CommandDefinition(holder.Lock, new { id, callerId }, tx, cancellationToken: ct));

    private static async Task ReleaseAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid? uploadId, DateTimeOffset now, CancellationToken ct)
    {
        if (uploadId is not null)
            await conn.ExecuteAsync(new CommandDefinition(Release, new { uploadId, now }, tx, cancellationToken: ct));
    }

    private sealed class LockedHolder
    {
        public Guid Id { get; init; }
        public Guid? UploadId { get; init; }
    }
}
