using Fowergram.Platform.Media;
using Microsoft.AspNetCore.Http;

namespace Fowergram.Features.Videos;

/// <summary>
/// Cover pictures of long-form videos and series (docs/videos.md "Covers", migration 0096): PUT and DELETE
/// /videos/{id}/thumbnail and /series/{id}/cover, through <see cref="CoverPictures"/>.
/// </summary>
public sealed class VideoCoversApi(CoverPictures covers, VideoReader reader, SeriesApi series)
{
    private static readonly CoverHolder Video = new("video",
        "SELECT id, thumbnail_upload_id AS upload_id FROM igtv_videos WHERE id = @id AND user_id = @callerId AND deleted_at IS NULL FOR NO KEY UPDATE",
        "UPDATE igtv_videos SET thumbnail_upload_id = @uploadId, thumbnail_blob_name = @objectName, updated_at = @now WHERE id = @id");

    private static readonly CoverHolder Series = new("series",
        "SELECT id, cover_upload_id AS upload_id FROM igtv_series WHERE id = @id AND user_id = @callerId FOR NO KEY UPDATE",
        "UPDATE igtv_series SET cover_upload_id = @uploadId, cover_blob_name = @objectName, updated_at = @now WHERE id = @id");

    public Task<IResult> SetThumbnail(HttpRequest request, string id, CancellationToken ct) =>
        covers.SetAsync(request, Video, id, (conn, tx, viewer, videoId) => reader.ReadAsync(conn, tx, viewer, videoId, ct), ct);

    public Task<IResult> RemoveThumbnail(HttpRequest request, string id, CancellationToken ct) => covers.RemoveAsync(request, Video, id, ct);

    public Task<IResult> SetCover(HttpRequest request, string id, CancellationToken ct) =>
        covers.SetAsync(request, Series, id, (conn, tx, viewer, seriesId) => series.ReadAsync(conn, tx, viewer, seriesId, ct), ct);

    public Task<IResult> RemoveCover(HttpRequest request, string id, CancellationToken ct) => covers.RemoveAsync(request, Series, id, ct);
}
