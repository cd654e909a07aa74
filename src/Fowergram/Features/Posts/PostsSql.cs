using Fowergram.Platform.Content;

namespace Fowergram.Features.Posts;

/// <summary>Writes of posts and their media. Every change of an existing post is scoped to its author in SQL.</summary>
internal static class PostsSql
{
    /// <summary>@location as the row keeps it: composed (NFC), docs/posts.md "Places". Declared first: static fields initialise in order.</summary>
    private static readonly string Location = ComposedText.Stored("@location", PostRules.MaxLocation);

    /// <summary>The place is stored composed (ComposedText.Stored), so one place is one key whichever form its accents came in.</summary>
    public static readonly string InsertPost = $"""
        INSERT INTO posts (id, user_id, caption, location, comments_disabled, likes_disabled, music_track_id, music_start_seconds,
                           created_at, updated_at)
        VALUES (@id, @authorId, @caption, {Location}, @commentsDisabled, @likesDisabled, @musicTrackId, @musicStartSeconds, @now, @now);
        INSERT INTO post_stats (post_id, updated_at) VALUES (@id, @now);
        """;

    public const string InsertMedia = """
        INSERT INTO post_media (id, post_id, upload_id, blob_name, content_type, media_type, alt_text, width, height,
                                file_size, duration, display_order, created_at)
        VALUES (@id, @postId, @uploadId, @blobName, @contentType, @mediaType, @altText, @width, @height,
                @fileSize, @duration, @displayOrder, @now)
        """;

    /// <summary>An item's people tags in one statement (@userIds, @xs, @ys side by side): a round trip per item, not per tag.</summary>
    public const string InsertTags = """
        INSERT INTO media_user_tags (media_id, user_id, x_coordinate, y_coordinate, created_at)
        SELECT @mediaId, t.user_id, t.x, t.y, @now FROM unnest(@userIds::uuid[], @xs::float8[], @ys::float8[]) AS t (user_id, x, y)
        """;

    /// <summary>The author's live post, locked for an edit.</summary>
    public const string LockOwn = """
        SELECT id, user_id AS author_id, is_archived, comments_disabled, likes_disabled, created_at
        FROM posts WHERE id = @postId AND user_id = @callerId AND deleted_at IS NULL FOR NO KEY UPDATE
        """;

    public static readonly string UpdatePost = $"""
        UPDATE posts SET
            caption           = CASE WHEN @setCaption THEN @caption ELSE caption END,
            location          = CASE WHEN @setLocation THEN {Location} ELSE location END,
            comments_disabled = CASE WHEN @setCommentsDisabled THEN @commentsDisabled ELSE comments_disabled END,
            likes_disabled    = CASE WHEN @setLikesDisabled THEN @likesDisabled ELSE likes_disabled END,
            music_track_id    = CASE WHEN @setMusic THEN @musicTrackId ELSE music_track_id END,
            music_start_seconds = CASE WHEN @setMusic THEN @musicStartSeconds ELSE music_start_seconds END,
            updated_at        = @now
        WHERE id = @postId AND user_id = @callerId AND deleted_at IS NULL
        """;

    public const string UpdateAltText = "UPDATE post_media SET alt_text = @altText WHERE id = @mediaId AND post_id = @postId";

    /// <summary>Archive (which unpins: docs/posts.md "Pinned posts") or unarchive; returns the post's created_at only when the state changed.</summary>
    public const string SetArchived = """
        UPDATE posts SET is_archived = @archived, updated_at = @now, pinned_at = CASE WHEN @archived THEN NULL ELSE pinned_at END
        WHERE id = @postId AND user_id = @callerId AND deleted_at IS NULL AND is_archived <> @archived
        RETURNING created_at
        """;

    public const string OwnLiveExists = """
        SELECT EXISTS (SELECT 1 FROM posts WHERE id = @postId AND user_id = @callerId AND deleted_at IS NULL)
        """;

    /// <summary>The author's delete: restorable until @restorableUntil (null: for good), docs/posts.md "Recently deleted".</summary>
    public const string SoftDelete = """
        UPDATE posts SET deleted_at = @now, restorable_until = @restorableUntil, updated_at = @now
        WHERE id = @postId AND user_id = @callerId AND deleted_at IS NULL
        RETURNING created_at
        """;
}
