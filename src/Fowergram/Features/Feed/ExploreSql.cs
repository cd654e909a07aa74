using Fowergram.Platform.Visibility;

namespace Fowergram.Features.Feed;

internal static class ExploreSql
{
    /// <summary>
    /// Explore: the newest @scan shown posts of the window (posts_live_recent, one range) by accounts the viewer may
    /// see but does not follow and has not muted — which leaves public accounts only, with no block either way —
    /// ranked by engagement (a comment weighs two likes), at most @perAuthor per account, newest first on a tie.
    /// </summary>
    public static readonly string Posts = $"""
        SELECT ranked.id FROM (
            SELECT c.id, c.created_at, c.score,
                   row_number() OVER (PARTITION BY c.user_id ORDER BY c.score DESC, c.created_at DESC, c.id DESC) AS of_author
            FROM (
                SELECT p.id, p.user_id, p.created_at, coalesce(s.like_count + 2 * s.comment_count, 0) AS score
                FROM (
                    SELECT p.id, p.user_id, p.created_at FROM posts p
                    WHERE p.deleted_at IS NULL AND NOT p.is_archived AND p.created_at > @since AND p.created_at <= @now
                      AND p.user_id <> @viewer
                      AND NOT EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = @viewer AND f.following_id = p.user_id)
                      AND NOT EXISTS (SELECT 1 FROM mutes m WHERE m.muter_id = @viewer AND m.muted_id = p.user_id AND m.mute_posts)
                      AND {Visibility.ContentFilter("p.user_id")}
                    ORDER BY p.created_at DESC, p.id DESC LIMIT @scan
                ) p
                LEFT JOIN post_stats s ON s.post_id = p.id
            ) c
        ) ranked
        WHERE ranked.of_author <= @perAuthor
        ORDER BY ranked.score DESC, ranked.created_at DESC, ranked.id DESC
        LIMIT @limit
        """;
}
