namespace Fowergram.Features.Reels;

/// <summary>Writes of reels. Every change of an existing reel is scoped to its author in SQL.</summary>
internal static class ReelsSql
{
    /// <summary>A new reel; without an explicit allowRemix it takes the author's account switch (users.allow_reel_remixes).</summary>
    public const string Insert = """
        INSERT INTO reels (id, user_id, upload_id, video_blob_name, caption, audio_track_id, duration, width, height,
                           comments_disabled, likes_disabled, remix_of_id, allow_remix, location, created_at, updated_at)
        VALUES (@id, @authorId, @uploadId, @objectName, @caption, @audioTrackId, @duration, @width, @height,
                @commentsDisabled, @likesDisabled, @remixOfId,
                coalesce(@allowRemix, (SELECT u.allow_reel_remixes FROM users u WHERE u.id = @authorId), true), @location, @now, @now);
        INSERT INTO reel_stats (reel_id, updated_at) VALUES (@id, @now);
        """;

    public const string AudioTrackExists = "SELECT EXISTS (SELECT 1 FROM audio_tracks WHERE id = @audioTrackId)";

    /// <summary>The author's live reel, locked for an edit; its sound for the event.</summary>
    public const string LockOwn = """
        SELECT id, audio_track_id FROM reels WHERE id = @reelId AND user_id = @callerId AND deleted_at IS NULL FOR UPDATE
        """;

    public const string Update = """
        UPDATE reels SET
            caption           = CASE WHEN @setCaption THEN @caption ELSE caption END,
            comments_disabled = CASE WHEN @setCommentsDisabled THEN @commentsDisabled ELSE comments_disabled END,
            likes_disabled    = CASE WHEN @setLikesDisabled THEN @likesDisabled ELSE likes_disabled END,
            allow_remix       = CASE WHEN @setAllowRemix THEN @allowRemix ELSE allow_remix END,
            location          = CASE WHEN @setLocation THEN @location ELSE location END,
            updated_at        = @now
        WHERE id = @reelId AND user_id = @callerId AND deleted_at IS NULL
        """;

    /// <summary>
    /// Soft delete, and the video's and cover's uploads released in the same statement: media-cleanup deletes released objects
    /// (uploads.released_at, migration 0064) once Media:CleanupGrace has passed, as it does for replaced profile photos and
    /// unsent messages. An author's deletion is restorable until @restorableUntil (docs/reels.md "Recently deleted"), and
    /// the uploads are released as of then, so their objects wait with it; a final one (@restorableUntil null) releases
    /// them now. Returns the reel's sound, or nothing when it is not the caller's live reel.
    /// </summary>
    public const string SoftDelete = """
        WITH gone AS (
            UPDATE reels SET deleted_at = @now, restorable_until = @restorableUntil, updated_at = @now
            WHERE id = @reelId AND user_id = @callerId AND deleted_at IS NULL
            RETURNING id, upload_id, thumbnail_upload_id, audio_track_id
        ), released AS (
            UPDATE uploads SET released_at = coalesce(@restorableUntil, @now) FROM gone
            WHERE uploads.id IN (gone.upload_id, gone.thumbnail_upload_id) AND uploads.status = 'used' AND uploads.released_at IS NULL
        )
        SELECT id, audio_track_id FROM gone
        """;

    /// <summary>
    /// A recently deleted reel made final (a takedown, deleted for good), only while restorable (@restorableAfter: now): not
    /// restorable any more, and its uploads released now rather than at the end of its window. Returns the reel's id when
    /// there was one of the owner's to finalise.
    /// </summary>
    public const string Finalise = """
        WITH final AS (
            UPDATE reels SET restorable_until = NULL, updated_at = @now
            WHERE id = @reelId AND user_id = @callerId AND restorable_until > @restorableAfter
            RETURNING id, upload_id, thumbnail_upload_id
        ), released AS (
            UPDATE uploads SET released_at = @now FROM final
            WHERE uploads.id IN (final.upload_id, final.thumbnail_upload_id) AND uploads.released_at > @now
        )
        SELECT id FROM final
        """;
}
