using Fowergram.Platform.Moderation;
using VisibilityPolicy = Fowergram.Platform.Visibility.Visibility;

namespace Fowergram.Features.Reels;

internal static class ReelRecommendationsSql
{
    /// <summary>
    /// The ranking, for everyone: the newest @scan live reels of the window (reels_live_recent, one range) by public, live
    /// accounts, scored 10 × likes + 20 × comments + plays (trending's order, kept whole), at most @perAuthor per account,
    /// the best @keep kept. Replaces the previous ranking in the same transaction, so readers see one or the other; the
    /// lock (which reads do not wait for) makes a second run at once wait and then replace the first one's ranking, where
    /// its DELETE would otherwise miss the rows the first one inserted and its INSERT collide with them.
    /// </summary>
    public const string Refresh = """
        LOCK TABLE reel_recommendations IN EXCLUSIVE MODE;
        DELETE FROM reel_recommendations;
        INSERT INTO reel_recommendations (reel_id, score, reel_created_at, ranked_at)
        SELECT ranked.id, ranked.score, ranked.created_at, @now FROM (
            SELECT c.*, row_number() OVER (PARTITION BY c.user_id ORDER BY c.score DESC, c.created_at DESC, c.id DESC) AS of_author
            FROM (
                SELECT r.id, r.user_id, r.created_at,
                       coalesce(10 * s.like_count + 20 * s.comment_count + s.play_count, 0) AS score
                FROM (
                    SELECT r.id, r.user_id, r.created_at FROM reels r
                    WHERE r.deleted_at IS NULL AND r.created_at > @since AND r.created_at <= @now
                      AND (SELECT NOT u.is_private FROM users u WHERE u.id = r.user_id AND u.deleted_at IS NULL AND u.is_active)
                    ORDER BY r.created_at DESC, r.id DESC LIMIT @scan
                ) r
                LEFT JOIN reel_stats s ON s.reel_id = r.id
            ) c
        ) ranked
        WHERE ranked.of_author <= @perAuthor
        ORDER BY ranked.score DESC, ranked.created_at DESC, ranked.id DESC
        LIMIT @keep;
        """;

    /// <summary>
    /// A caller's page: the ranking best first (reel_recommendations_rank), each reel still live and in the window, by an
    /// account the caller may see now (<see cref="VisibilityPolicy.ContentFilter"/>: privacy, blocks either way, deletion)
    /// and neither is, follows nor has muted, and not played by the caller yet (reel_views_pkey) nor
    /// dismissed as "not interested" (reel_dismissals), by an account the caller
    /// asked not to be suggested (discovery_hidden_authors). The walk starts below
    /// the cursor and stops at @take.
    /// </summary>
    public static readonly string Page = $"""
        SELECT c.reel_id AS id, c.score, c.reel_created_at AS created_at FROM reel_recommendations c
        JOIN reels r ON r.id = c.reel_id
        WHERE (c.score, c.reel_created_at, c.reel_id) < (@cursorScore, @cursorAt, @cursorId)
          AND r.deleted_at IS NULL AND r.created_at > @since
          AND r.user_id <> @viewer
          AND NOT EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = @viewer AND f.following_id = r.user_id)
          AND NOT EXISTS (SELECT 1 FROM mutes m WHERE m.muter_id = @viewer AND m.muted_id = r.user_id AND m.mute_posts)
          AND NOT EXISTS (SELECT 1 FROM reel_views v WHERE v.reel_id = c.reel_id AND v.user_id = @viewer)
          AND NOT EXISTS (SELECT 1 FROM reel_dismissals d WHERE d.user_id = @viewer AND d.reel_id = c.reel_id)
          AND NOT EXISTS (SELECT 1 FROM discovery_hidden_authors h WHERE h.user_id = @viewer AND h.author_id = r.user_id)
          AND {VisibilityPolicy.ContentFilter("r.user_id")} AND {VisibilityPolicy.ReelTrialShownTo("r")}
          AND {ReviewLimit.NotLimited("reel", "c.reel_id")}
        ORDER BY c.score DESC, c.reel_created_at DESC, c.reel_id DESC
        LIMIT @take
        """;
}
