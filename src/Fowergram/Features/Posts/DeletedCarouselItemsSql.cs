using Fowergram.Platform.Content;

namespace Fowergram.Features.Posts;

/// <summary>
/// Carousel items in their author's "Recently deleted" (<c>deleted_post_media</c>, migration 0178; docs/posts.md "Removing
/// an item from a carousel"). Every statement is scoped to the author (@callerId).
/// </summary>
internal static class DeletedCarouselItemsSql
{
    public const string Table = "deleted_post_media";

    /// <summary>
    /// The item (@mediaId) copied out of post_media as it is, with its people tags, before <see cref="PostMediaApi"/> deletes
    /// it there: restorable until @restorableUntil.
    /// </summary>
    public const string Keep = """
        INSERT INTO deleted_post_media (id, post_id, user_id, upload_id, blob_name, media_type, thumbnail_blob_name, content_type,
                                        alt_text, width, height, file_size, duration, display_order, created_at, user_tags,
                                        deleted_at, restorable_until)
        SELECT pm.id, pm.post_id, @callerId, pm.upload_id, pm.blob_name, pm.media_type, pm.thumbnail_blob_name,
               coalesce(pm.content_type, up.content_type), pm.alt_text, pm.width, pm.height, pm.file_size, pm.duration,
               pm.display_order, pm.created_at,
               coalesce((SELECT jsonb_agg(jsonb_build_object('userId', t.user_id, 'x', t.x_coordinate, 'y', t.y_coordinate,
                                                             'createdAt', t.created_at) ORDER BY t.created_at, t.user_id)
                           FROM media_user_tags t WHERE t.media_id = pm.id), '[]'::jsonb),
               @now, @restorableUntil
          FROM post_media pm LEFT JOIN uploads up ON up.id = pm.upload_id
         WHERE pm.id = @mediaId
        """;

    /// <summary>The listed items (@ids) as the list shows them; <c>post_live</c> says whether their post is (not deleted).</summary>
    public const string Items = """
        SELECT d.id, d.post_id, d.media_type, d.blob_name, d.content_type, d.alt_text, d.width, d.height, d.display_order,
               p.deleted_at IS NULL AS post_live
          FROM deleted_post_media d JOIN posts p ON p.id = d.post_id
         WHERE d.id = ANY(@ids) AND d.user_id = @callerId
        """;

    /// <summary>The item while it may be restored into the post, locked, and whether its post is live.</summary>
    public const string LockRestorable = """
        SELECT d.id, d.upload_id, d.display_order, p.deleted_at IS NULL AS post_live
          FROM deleted_post_media d JOIN posts p ON p.id = d.post_id
         WHERE d.id = @mediaId AND d.post_id = @postId AND d.user_id = @callerId AND d.restorable_until > @now
           FOR UPDATE OF d
        """;

    /// <summary>A retried restore: the item is in the caller's live post.</summary>
    public const string IsOwnLive = """
        SELECT EXISTS (SELECT 1 FROM post_media pm JOIN posts p ON p.id = pm.post_id
                        WHERE pm.id = @mediaId AND pm.post_id = @postId AND p.user_id = @callerId AND p.deleted_at IS NULL)
        """;

    public const string Count = "SELECT count(*) FROM post_media WHERE post_id = @postId";

    /// <summary>
    /// One item moves down to make room. One row at a time, from the last: post_media_post_order_key is checked row by row
    /// (as <see cref="PostMediaApi"/> closes a gap).
    /// </summary>
    public const string MoveDown = """
        UPDATE post_media SET display_order = display_order + 1 WHERE post_id = @postId AND display_order = @order
        """;

    /// <summary>
    /// Back into post_media at @position under its own id, with the people tags of the accounts that may still be tagged by
    /// the author (live, no block either way, their tag setting: as when a post is written, <see cref="People"/>), its
    /// upload's release taken back, out of the list.
    /// </summary>
    public static readonly string Restore = $"""
        INSERT INTO post_media (id, post_id, upload_id, blob_name, media_type, thumbnail_blob_name, content_type, alt_text, width, height,
                                file_size, duration, display_order, created_at)
        SELECT d.id, d.post_id, d.upload_id, d.blob_name, d.media_type, d.thumbnail_blob_name, d.content_type, d.alt_text, d.width,
               d.height, d.file_size, d.duration, @position, d.created_at
          FROM deleted_post_media d WHERE d.id = @mediaId;
        INSERT INTO media_user_tags (media_id, user_id, x_coordinate, y_coordinate, created_at)
        SELECT @mediaId, u.id, (e->>'x')::double precision, (e->>'y')::double precision, (e->>'createdAt')::timestamptz
          FROM deleted_post_media d
         CROSS JOIN LATERAL jsonb_array_elements(d.user_tags) e
          JOIN users u ON u.id = (e->>'userId')::uuid
         WHERE d.id = @mediaId AND u.deleted_at IS NULL AND u.is_active
           AND NOT {Fowergram.Platform.Visibility.Visibility.BlockedBetween("@callerId", "u.id")}
           AND {People.Allows(Involvement.Tag, "@callerId", "u")}
        ON CONFLICT DO NOTHING;
        UPDATE uploads SET released_at = NULL WHERE id = @uploadId AND object_deleted_at IS NULL;
        DELETE FROM deleted_post_media WHERE id = @mediaId;
        UPDATE posts SET updated_at = @now WHERE id = @postId;
        """;

    /// <summary>
    /// Out of the list and beyond restoring: its upload released now rather than at the end of its window. Nothing for a
    /// caller whose account is gone (<see cref="LiveCaller"/>): answers (live, written).
    /// </summary>
    public static readonly string DeleteForGood = $"""
        WITH {LiveCaller.Cte("@callerId")}, gone AS (
            DELETE FROM deleted_post_media WHERE id = @mediaId AND user_id = @callerId AND restorable_until > @now AND {LiveCaller.IsLive}
            RETURNING upload_id
        ), released AS (
            UPDATE uploads SET released_at = @now FROM gone WHERE uploads.id = gone.upload_id AND uploads.released_at > @now
        )
        SELECT {LiveCaller.IsLive} AS live, count(*) AS written FROM gone
        """;

    /// <summary>
    /// The caller's tag taken off the post's items in the list as well (PostTagsApi): a restore must not tag them again. Only
    /// items still restorable (@now): an ended one can never come back, and <see cref="ForgetEnded"/>, which deletes ended
    /// items in its own order, would otherwise hold one while this held another, each waiting for the other (a deadlock).
    /// </summary>
    public const string ForgetTag = """
        UPDATE deleted_post_media
           SET user_tags = coalesce((SELECT jsonb_agg(e ORDER BY o) FROM jsonb_array_elements(user_tags) WITH ORDINALITY AS x(e, o)
                                      WHERE e->>'userId' <> @callerId::text), '[]'::jsonb)
         WHERE post_id = @postId AND user_tags @> jsonb_build_array(jsonb_build_object('userId', @callerId))
           AND restorable_until > @now
        """;

    /// <summary>
    /// post-media-cleanup's batch of items past their window: nothing can restore them, and their uploads were released as of
    /// its end, so media-cleanup deletes the objects; the rows are forgotten.
    /// </summary>
    public const string ForgetEnded = """
        DELETE FROM deleted_post_media
         WHERE id IN (SELECT id FROM deleted_post_media WHERE restorable_until <= @now ORDER BY restorable_until LIMIT @batch)
        """;
}
