using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Fowergram.Platform.Media;
using Npgsql;

namespace Fowergram.Features.Videos;

/// <summary>
/// Videos as the caller may see them. Read URLs are signed only for videos that passed <see cref="VideoAccess.VisibleTo"/>
/// in the same query, and only for objects of claimed uploads (the rows hold nothing else).
/// </summary>
public sealed class VideoReader(MediaUploads uploads)
{
    /// <summary>
    /// GET /videos/{id}: the video as the viewer may see it, and null for a token whose account is gone too
    /// (<see cref="VideoReadSql.ViewForReader"/>), which the route's 404 tells apart (<see cref="GoneCaller.NotFoundAsync"/>).
    /// </summary>
    internal async Task<VideoView?> ReadForReaderAsync(NpgsqlConnection conn, Guid? viewer, Guid videoId, CancellationToken ct) =>
        (await LoadAsync(conn, null, VideoReadSql.ViewForReader, viewer, [videoId], ct)).SingleOrDefault();

    /// <summary>
    /// The video in <paramref name="tx"/>: a write answers with what it wrote before it commits, since a deletion or purge
    /// committed right after it would leave a read after the commit nothing (a 404 for a write that stood).
    /// </summary>
    internal async Task<VideoView?> ReadAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Guid? viewer, Guid videoId, CancellationToken ct) =>
        (await LoadAsync(conn, tx, VideoReadSql.Views, viewer, [videoId], ct)).SingleOrDefault();

    /// <summary>Views in the order of <paramref name="ids"/>; ids the viewer may not see are left out.</summary>
    internal Task<IReadOnlyList<VideoView>> LoadAsync(NpgsqlConnection conn, Guid? viewer, IReadOnlyList<Guid> ids, CancellationToken ct) =>
        LoadAsync(conn, null, VideoReadSql.Views, viewer, ids, ct);

    /// <summary>Views of the owner's own recently deleted videos in the order of <paramref name="ids"/>; any other id is left out.</summary>
    internal Task<IReadOnlyList<VideoView>> LoadRecentlyDeletedAsync(NpgsqlConnection conn, Guid ownerId, IReadOnlyList<Guid> ids, CancellationToken ct) =>
        LoadAsync(conn, null, VideoReadSql.OwnRecentlyDeleted, ownerId, ids, ct);

    private Task<IReadOnlyList<VideoView>> LoadAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, string sql, Guid? viewer, IReadOnlyList<Guid> ids,
        CancellationToken ct) =>
        ViewsByIds.LoadAsync<VideoRow, VideoView>(conn, tx, sql, viewer, ids, r => r.Id, r => ViewAsync(r, viewer, ct), ct);

    /// <summary>A keyset page of <paramref name="sql"/> (returning id, position; LIMIT @take) turned into views.</summary>
    internal Task<Page<VideoView>> PageAsync(NpgsqlConnection conn, Guid? viewer, string sql, PageRequest page, object args, CancellationToken ct) =>
        PageAsync(conn, viewer, sql, page, args, r => new Cursor(r.Position, r.Id), ct);

    /// <summary>The same, for a list positioned otherwise (a series' episodes: by place, <see cref="Cursor.OfRank"/>).</summary>
    internal Task<Page<VideoView>> PageAsync(NpgsqlConnection conn, Guid? viewer, string sql, PageRequest page, object args,
        Func<VideoPosition, Cursor> position, CancellationToken ct) =>
        PageAsync(conn, null, viewer, sql, page, args, position, ct);

    /// <summary>The same, in <paramref name="tx"/> (a write answering with the page it changed: a series' new order).</summary>
    internal async Task<Page<VideoView>> PageAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Guid? viewer, string sql, PageRequest page, object args,
        Func<VideoPosition, Cursor> position, CancellationToken ct)
    {
        var positions = await KeysetQuery.PageAsync(conn, tx, sql, page, args, position, ct);
        return new Page<VideoView>(await LoadAsync(conn, tx, VideoReadSql.Views, viewer, positions.Items.Select(p => p.Id).ToList(), ct),
            positions.NextCursor);
    }

    /// <summary>A series as the caller sees it, its cover signed (the row passed the series rule in the query that read it).</summary>
    internal async Task<SeriesView> SeriesViewAsync(SeriesRow row, CancellationToken ct) =>
        row.ToView(await PictureAsync(row.CoverBlobName, row.CoverContentType, ct));

    /// <summary>A cover picture's read URL; none without a claimed upload behind it (its content type).</summary>
    private async Task<VideoFileView?> PictureAsync(string? objectName, string? contentType, CancellationToken ct)
    {
        if (objectName is null || contentType is null) return null;
        var url = await uploads.CreateReadUrlAsync(objectName, contentType, ct);
        return new VideoFileView(url.Url.AbsoluteUri, url.ExpiresAt, contentType);
    }

    private async Task<VideoView> ViewAsync(VideoRow row, Guid? viewer, CancellationToken ct)
    {
        // A row written by another tool may lack its upload's type; such a video cannot be served safely.
        VideoFileView? video = null;
        if (row.ContentType is { } contentType)
        {
            var url = await uploads.CreateReadUrlAsync(row.VideoBlobName, contentType, ct);
            video = new VideoFileView(url.Url.AbsoluteUri, url.ExpiresAt, contentType);
        }
        var series = row.SeriesId is { } seriesId ? new VideoSeriesRef(seriesId, row.SeriesTitle ?? "") : null;
        return new VideoView(row.Id, new UserSummary(row.AuthorId, row.Username, row.FullName, row.Avatar, row.IsVerified), row.Title,
            row.Description, video, await PictureAsync(row.ThumbnailBlobName, row.ThumbnailContentType, ct), row.Duration, series, row.IsPublished, row.PublishedAt, row.ViewCount,
            LikeCounts.Shown(row.LikeCount, row.AuthorId, viewer, row.ViewerShowsCounts), row.IsLiked, row.CommentCount,
            LikeCounts.Shown(row.ShareCount, row.AuthorId, viewer, row.ViewerShowsCounts), row.CreatedAt, row.UpdatedAt, row.CommentsDisabled);
    }
}
