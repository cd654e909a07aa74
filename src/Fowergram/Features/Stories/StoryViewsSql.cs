using Fowergram.Platform.Content;
using Fowergram.Platform.Visibility;

namespace Fowergram.Features.Stories;

internal static class StoryViewsSql
{
    /// <summary>
    /// Records the caller's view of a live story they may see, once (the primary key); the owner's own views are not recorded.
    /// Every view, the first or a later one, marks the owner's account-wide reach (<see cref="AccountReach"/>, at most one write a day).
    /// </summary>
    public static readonly string MarkSeen = $"""
        WITH viewer AS (
            -- Tokens outlive accounts: a deleted or suspended viewer marks nothing (the route answers 401). In this statement,
            -- not a query of its own: seen is the stories' hottest write.
            SELECT EXISTS (SELECT 1 FROM users u WHERE u.id = @viewer AND u.deleted_at IS NULL AND u.is_active) AS live
        ), story AS (
            SELECT s.id, s.user_id FROM stories s WHERE s.id = @id AND {StoryReadSql.LiveAndVisible} AND (SELECT live FROM viewer)
        ), inserted AS (
            INSERT INTO story_views (story_id, viewer_id, viewed_at)
            SELECT id, @viewer, @now FROM story WHERE user_id <> @viewer
            ON CONFLICT DO NOTHING
            RETURNING story_id
        ), {AccountReach.Upsert("SELECT user_id AS owner_id FROM story")}
        SELECT (SELECT live FROM viewer) AS viewer_live, (SELECT user_id FROM story) AS author_id, EXISTS (SELECT 1 FROM inserted) AS inserted
        """;

    /// <summary>The owner's story (live or archived) and its exact view count; no row for anyone else.</summary>
    public static readonly string OwnViewCount = $"""
        SELECT coalesce(st.view_count, 0) FROM stories s LEFT JOIN story_stats st ON st.story_id = s.id
         WHERE s.id = @id AND {StoryReadSql.OwnedBy}
        """;

    // Viewers since blocked either way, or gone, drop out of the list (the count stays what was seen).
    public static readonly string Viewers = $"""
        SELECT v.viewer_id, u.username, u.avatar, v.viewed_at, r.reaction_type AS reaction
          FROM story_views v
          JOIN users u ON u.id = v.viewer_id
          LEFT JOIN story_reactions r ON r.story_id = v.story_id AND r.user_id = v.viewer_id
         WHERE v.story_id = @id AND u.deleted_at IS NULL AND u.is_active AND NOT {Visibility.BlockedBetween("@owner", "v.viewer_id")}
           AND (@afterAt::timestamptz IS NULL OR (v.viewed_at, v.viewer_id) < (@afterAt, @afterId))
         ORDER BY v.viewed_at DESC, v.viewer_id DESC
         LIMIT @take
        """;
}
