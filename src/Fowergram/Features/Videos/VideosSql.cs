namespace Fowergram.Features.Videos;

/// <summary>Writes of videos. Every change of an existing video is scoped to its owner in SQL.</summary>
internal static class VideosSql
{
    public const string Insert = """
        INSERT INTO igtv_videos (id, user_id, series_id, upload_id, title, description, video_blob_name, duration,
                                 is_published, published_at, comments_disabled, created_at, updated_at)
        VALUES (@id, @ownerId, @seriesId, @uploadId, @title, @description, @objectName, @duration,
                @published, CASE WHEN @published THEN @now END, @commentsDisabled, @now, @now);
        INSERT INTO igtv_stats (video_id, updated_at) VALUES (@id, @now);
        """;

    /// <summary>The caller's series, locked so it cannot be deleted between this check and the video pointing at it.</summary>
    public const string LockOwnSeries = "SELECT id FROM igtv_series WHERE id = @seriesId AND user_id = @callerId FOR SHARE";

    /// <summary>The owner's live video, locked for an edit.</summary>
    public const string LockOwn = """
        SELECT id FROM igtv_videos WHERE id = @videoId AND user_id = @callerId AND deleted_at IS NULL FOR UPDATE
        """;

    public const string Update = """
        UPDATE igtv_videos SET
            title       = CASE WHEN @setTitle THEN @title ELSE title END,
            description = CASE WHEN @setDescription THEN @description ELSE description END,
            series_id   = CASE WHEN @setSeries THEN @seriesId ELSE series_id END,
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
    /// Soft delete, and the video's upload released in the same statement: media-cleanup deletes released objects
    /// (uploads.released_at) once Media:CleanupGrace has passed, as it does for deleted reels. Nothing when it is not the
    /// caller's live video.
    /// </summary>
    public const string SoftDelete = """
        WITH gone AS (
            UPDATE igtv_videos SET deleted_at = @now, updated_at = @now
            WHERE id = @videoId AND user_id = @callerId AND deleted_at IS NULL
            RETURNING id, upload_id
        ), released AS (
            UPDATE uploads SET released_at = @now FROM gone
            WHERE uploads.id = gone.upload_id AND uploads.status = 'used' AND uploads.released_at IS NULL
        )
        SELECT id FROM gone
        """;
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

    /// <summary>The videos stay, outside any series: igtv_videos_series_fkey is ON DELETE SET NULL (series_id).</summary>
    public const string Delete = "DELETE FROM igtv_series WHERE id = @seriesId AND user_id = @callerId RETURNING id";
}
