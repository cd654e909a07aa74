using Fowergram.Platform.Media;
using Microsoft.AspNetCore.Http;

namespace Fowergram.Features.Reels;

/// <summary>A reel's cover picture (docs/reels.md "Covers", migration 0097): PUT and DELETE /reels/{id}/cover, through <see cref="CoverPictures"/>.</summary>
public sealed class ReelCoversApi(CoverPictures covers, ReelReader reader)
{
    private static readonly CoverHolder Reel = new("reel",
        "SELECT id, thumbnail_upload_id AS upload_id FROM reels WHERE id = @id AND user_id = @callerId AND deleted_at IS NULL FOR NO KEY UPDATE",
        "UPDATE reels SET thumbnail_upload_id = @uploadId, thumbnail_blob_name = @objectName, updated_at = @now WHERE id = @id");

    public Task<IResult> Set(HttpRequest request, string id, CancellationToken ct) =>
        covers.SetAsync(request, Reel, id, (conn, tx, viewer, reelId) => reader.ReadAsync(conn, tx, viewer, reelId, ct), ct);

    public Task<IResult> Remove(HttpRequest request, string id, CancellationToken ct) => covers.RemoveAsync(request, Reel, id, ct);
}
