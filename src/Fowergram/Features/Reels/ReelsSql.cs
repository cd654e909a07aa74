using Fowergram.Platform.Content;
namespace Fowergram.Features.Reels;

/// <summary>Writes of reels. Every change of an existing reel is scoped to its author in SQL.</summary>
internal static class ReelsSql
{
    /// <summary>@location as the row keeps it: composed (NFC), as a post's (docs/posts.md "Places"). Declared first: static fields initialise in order.</summary>
    private static readonly string Location = ComposedText.Stored("@location", Fowergram.Features.Posts.PostRules.MaxLocation);

    /// <summary>A new reel; without an explicit allowRemix it takes the author's account switch (users.allow_reel_remixes).</summary>
    public static readonly string Insert = $"""
        INSERT INTO reels (id, user_id, upload_id, video_blob_name, caption, audio_track_id, duration, width, height,
                           comments_disabled, likes_disabled, remix_of_id, allow_remix, location, created_at, updated_at,
                           trial_status, trial_ends_at, trial_auto_share)
        VALUES (@id, @authorId, @uploadId, @objectName, @caption, @audioTrackId, @duration, @width, @height,
                @commentsDisabled, @likesDisabled, @remixOfId,
                coalesce(@allowRemix, (SELECT u.allow_reel_remixes FROM users u WHERE u.id = @authorId), true), {Location}, @now, @now,
                CASE WHEN @trial THEN 'running' END, CASE WHEN @trial THEN @trialEndsAt END, @trialAutoShare);
        INSERT INTO reel_stats (reel_id, updated_at) VALUES (@id, @now);
        """;

    /// <summary>
    /// Whether the sound is in the catalogue, key-share locked until the write commits (as music clips lock their track): a
    /// withdrawal (its row deleted) in flight is waited for and the sound then found gone. Unlocked, the check saw the row being
    /// deleted and the write's foreign key then failed (a 500, after the upload was claimed). Reels, scheduled reels and saved audio.
    /// </summary>
    public const string AudioTrackExists = "SELECT EXISTS (SELECT 1 FROM audio_tracks WHERE id = @audioTrackId FOR KEY SHARE)";

    /// <summary>The author's live reel, locked for an edit; its sound for the event.</summary>
    public const string LockOwn = """
        SELECT id, audio_track_id FROM reels WHERE id = @reelId AND user_id = @callerId AND deleted_at IS NULL FOR NO KEY UPDATE
        """;

    public static readonly string Update = $"""
        UPDATE reels SET
            caption           = CASE WHEN @setCaption THEN @caption ELSE caption END,
            comments_disabled = CASE WHEN @setCommentsDisabled THEN @commentsDisabled ELSE comments_disabled END,
            likes_disabled    = CASE WHEN @setLikesDisabled THEN @likesDisabled ELSE likes_disabled END,
            allow_remix       = CASE WHEN @setAllowRemix THEN @allowRemix ELSE allow_remix END,
            location          = CASE WHEN @setLocation THEN {Location} ELSE location END,
            updated_at        = @now
        WHERE id = @reelId AND user_id = @callerId AND deleted_at IS NULL
        """;

    /// <summary>
    /// Soft delete, and the video's and cover's uploads released in the same statement (media-cleanup deletes released
    /// objects), as of the end of the author's restore window or, for a final deletion, now
    /// (<see cref="RecentlyDeleted.ReleasedUploads.SoftDelete"/>). Returns the reel's sound, or nothing when it is not the
    /// caller's live reel.
    /// </summary>
    public static readonly string SoftDelete = RecentlyDeleted.ReleasedUploads.SoftDelete("reels", "id, audio_track_id");
}
