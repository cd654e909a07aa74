using Fowergram.Platform.Content;
namespace Fowergram.Features.Videos;

/// <summary>Writes of videos. Every change of an existing video is scoped to its owner in SQL.</summary>
internal static class VideosSql
{
    /// <summary>
    /// The place after the last one in @seriesId (null outside a series). Callers hold the series row's lock
    /// (<see cref="LockOwnSeries"/>), so two videos joining at once cannot take the same place.
    /// </summary>
    private const string LastPlace = """
        CASE WHEN @seriesId::uuid IS NOT NULL
             THEN (SELECT coalesce(max(s.series_position), 0) + 1 FROM igtv_videos s WHERE s.series_id = @seriesId::uuid) END
        """;

    public const string Insert = $"""
        INSERT INTO igtv_videos (id, user_id, series_id, series_position, upload_id, title, description, video_blob_name, duration,
                                 is_published, published_at, comments_disabled, created_at, updated_at)
        VALUES (@id, @ownerId, @seriesId::uuid, {LastPlace}, @uploadId, @title, @description, @objectName, @duration,
                @published, CASE WHEN @published THEN @now END, @commentsDisabled, @now, @now);
        INSERT INTO igtv_stats (video_id, updated_at) VALUES (@id, @now);
        """;

    /// <summary>
    /// The caller's series, locked so it cannot be deleted between this check and the video pointing at it, and so that
    /// everything that places videos in it (joining, <see cref="SeriesSql.Reorder"/>) takes turns.
    /// </summary>
    public const string LockOwnSeries = "SELECT id FROM igtv_series WHERE id = @seriesId AND user_id = @callerId FOR NO KEY UPDATE";

    /// <summary>The owner's live video, locked for an edit.</summary>
    public const string LockOwn = """
        SELECT id FROM igtv_videos WHERE id = @videoId AND user_id = @callerId AND deleted_at IS NULL FOR NO KEY UPDATE
        """;

    /// <summary>
    /// The caller's series a move changes, locked in id order before the video (<see cref="LockOwnInSeries"/>): the one it names
    /// (@seriesId, null: none) and the one the video is in. Holding the one it leaves too keeps every series' membership
    /// still while its reorder or deletion holds it: a video that left a series under them was in their statement's snapshot
    /// but locked by the other series' reorder or deletion, and two of them each held a video the other wanted (a 503).
    /// </summary>
    public const string LockSeriesOfMove = """
        SELECT s.id FROM igtv_series s
         WHERE s.user_id = @callerId
           AND (s.id = @seriesId::uuid
                OR s.id = (SELECT v.series_id FROM igtv_videos v WHERE v.id = @videoId AND v.user_id = @callerId AND v.deleted_at IS NULL))
         ORDER BY s.id
           FOR NO KEY UPDATE
        """;

    /// <summary>As <see cref="LockOwn"/>, with the series the video is in once locked.</summary>
    public const string LockOwnInSeries = """
        SELECT id, series_id FROM igtv_videos WHERE id = @videoId AND user_id = @callerId AND deleted_at IS NULL FOR NO KEY UPDATE
        """;

    /// <summary>Moving to another series places the video last there; naming the series it is in keeps its place.</summary>
    public const string Update = $"""
        UPDATE igtv_videos SET
            title       = CASE WHEN @setTitle THEN @title ELSE title END,
            description = CASE WHEN @setDescription THEN @description ELSE description END,
            series_position = CASE WHEN NOT @setSeries OR @seriesId::uuid IS NOT DISTINCT FROM series_id THEN series_position
                                   ELSE {LastPlace} END,
            series_id   = CASE WHEN @setSeries THEN @seriesId::uuid ELSE series_id END,
            comments_disabled = CASE WHEN @setCommentsDisabled THEN @commentsDisabled ELSE comments_disabled END,
            updated_at  = @now
        WHERE id = @videoId AND user_id = @callerId AND deleted_at IS NULL
        """;

    /// <summary>Publishing keeps the first published_at of a video already published (the call is idempotent); returns the id when it changed.</summary>
    public const string Publish = """
        UPDATE igtv_videos SET is_published = true, published_at = @now, updated_at = @now
        WHERE id = @videoId AND user_id = @callerId AND deleted_at IS NULL AND NOT is_published
        RETURNING id
        """;

    public const string Unpublish = """
        UPDATE igtv_videos SET is_published = false, published_at = NULL, updated_at = @now
        WHERE id = @videoId AND user_id = @callerId AND deleted_at IS NULL AND is_published
        RETURNING id
        """;

    /// <summary>
    /// Soft delete, and the file's and cover's uploads released in the same statement (media-cleanup deletes released objects),
    /// as of the end of the author's restore window or, for a final deletion, now
    /// (<see cref="RecentlyDeleted.ReleasedUploads.SoftDelete"/>). Returns the id, or nothing when it is not the caller's live video.
    /// </summary>
    public static readonly string SoftDelete = RecentlyDeleted.ReleasedUploads.SoftDelete("igtv_videos", "id");
}

/// <summary>Writes of series, scoped to their owner.</summary>
internal static class SeriesSql
{
    public const string Insert = """
        INSERT INTO igtv_series (id, user_id, title, description, created_at, updated_at)
        VALUES (@id, @ownerId, @title, @description, @now, @now)
        """;

    public const string Update = """
        UPDATE igtv_series SET
            title       = CASE WHEN @setTitle THEN @title ELSE title END,
            description = CASE WHEN @setDescription THEN @description ELSE description END,
            updated_at  = @now
        WHERE id = @seriesId AND user_id = @callerId
        RETURNING id
        """;

    /// <summary>
    /// Every video of the series takes the place of its id in @videoIds (1, 2, …); deleted ones, which no order lists, go
    /// after them in their old order. One statement, so the deferrable igtv_videos_series_position_key holds at its end.
    /// </summary>
    public const string Reorder = """
        WITH listed AS (
            SELECT t.id, t.n FROM unnest(@videoIds::uuid[]) WITH ORDINALITY AS t(id, n)
        ), unlisted AS (
            SELECT v.id, cardinality(@videoIds::uuid[]) + row_number() OVER (ORDER BY v.series_position, v.id) AS n
              FROM igtv_videos v
             WHERE v.series_id = @seriesId AND v.id <> ALL (@videoIds::uuid[])
        )
        UPDATE igtv_videos v SET series_position = p.n
          FROM (SELECT id, n FROM listed UNION ALL SELECT id, n FROM unlisted) p
         WHERE v.id = p.id AND v.series_id = @seriesId
        """;

    /// <summary>
    /// A deleted video (alias <c>v</c>) that can never come back: it keeps its place in a series only while its owner may restore
    /// it (restorable_until ahead) or its file is still held (uploads.released_at unset or ahead: a takedown that may be
    /// appealed, or an appeal not yet decided; docs/moderation.md). Past its window, deleted for good, or a removal upheld, it
    /// is gone. Binds <c>@now</c>.
    /// </summary>
    private const string Gone = """
        v.deleted_at IS NOT NULL
           AND NOT coalesce(v.restorable_until > @now, false)
           AND NOT EXISTS (SELECT 1 FROM uploads u WHERE u.id IN (v.upload_id, v.thumbnail_upload_id) AND u.object_deleted_at IS NULL
                            AND (u.released_at IS NULL OR u.released_at > @now))
        """;

    /// <summary>
    /// The series' deleted videos that can never come back (<see cref="Gone"/>) leave it (series_id null), so that what a
    /// reorder writes, and what a page or a count walks past, is bounded by the cap. Run under the series' lock: by the
    /// reorder, before <see cref="Reorder"/>, and by series-housekeeping (<see cref="SeriesHousekeepingJob"/>) for the series
    /// nobody reorders.
    /// </summary>
    public const string LetGoOfGone = $"""
        UPDATE igtv_videos v SET series_id = NULL
         WHERE v.series_id = @seriesId AND {Gone}
        """;

    /// <summary>
    /// Up to @batch series that still place a video which can never come back, for series-housekeeping: read on
    /// igtv_videos_series_deleted (migration 0250), which holds only deleted videos still in a series. Not the series of deleted
    /// accounts, which the job leaves to the purge (<see cref="LockSeries"/>): listed, they could fill every batch.
    /// </summary>
    public const string HoldingGone = $"""
        SELECT DISTINCT v.series_id FROM igtv_videos v
         WHERE v.series_id IS NOT NULL AND {Gone}
           AND (SELECT u.deleted_at IS NULL FROM igtv_series s JOIN users u ON u.id = s.user_id WHERE s.id = v.series_id)
         LIMIT @batch
        """;

    /// <summary>
    /// The series, locked as everything that changes its videos locks it first (joins, moves, reorders), unless its owner's
    /// account is deleted: the purge takes that series and its videos away with the account, and its final delete locks the
    /// videos and the series in the cascade's order, not this one, so tidying them meanwhile could only deadlock with it. An
    /// account read here as not deleted cannot be at that final delete (it comes a grace period after the deletion).
    /// </summary>
    public const string LockSeries = """
        SELECT s.id FROM igtv_series s
         WHERE s.id = @seriesId AND (SELECT u.deleted_at IS NULL FROM users u WHERE u.id = s.user_id)
           FOR NO KEY UPDATE OF s
        """;

    public const string Touch = "UPDATE igtv_series SET updated_at = @now WHERE id = @seriesId";

    /// <summary>The ids of the series' live videos, drafts included: what an order must list (at most @limit of them).</summary>
    public const string LiveVideoIds = "SELECT id FROM igtv_videos WHERE series_id = @seriesId AND deleted_at IS NULL LIMIT @limit";

    /// <summary>
    /// The videos stay, outside any series: igtv_videos_series_fkey is ON DELETE SET NULL (series_id). The cover's upload is
    /// released in the same statement, for media-cleanup.
    /// </summary>
    public const string Delete = """
        WITH gone AS (
            DELETE FROM igtv_series WHERE id = @seriesId AND user_id = @callerId RETURNING id, cover_upload_id
        ), released AS (
            UPDATE uploads SET released_at = @now FROM gone
             WHERE uploads.id = gone.cover_upload_id AND uploads.status = 'used' AND uploads.released_at IS NULL
        )
        SELECT id FROM gone
        """;
}
