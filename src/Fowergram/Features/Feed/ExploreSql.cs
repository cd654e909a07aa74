using Fowergram.Platform.Moderation;
using Fowergram.Platform.Visibility;

namespace Fowergram.Features.Feed;

internal static class ExploreSql
{
    /// <summary>
    /// The ranking, for everyone: the newest @scan shown posts of the window (posts_live_recent_utc, one range: keyed
    /// on the UTC wall time so that no query ordering by created_at walks it, migration 0075) by public,
    /// live accounts, ranked by engagement (a comment weighs two likes), at most @perAuthor per account, the best
    /// @keep kept. Replaces the previous ranking in the same transaction, so readers see one or the other; the lock
    /// (which reads do not wait for) makes a second run at once wait and then replace the first one's ranking, where
    /// its DELETE would otherwise miss the rows the first one inserted and its INSERT collide with them.
    /// </summary>
    public const string Refresh = """
        LOCK TABLE explore_candidates IN EXCLUSIVE MODE;
        DELETE FROM explore_candidates;
        INSERT INTO explore_candidates (post_id, user_id, score, post_created_at, ranked_at)
        SELECT ranked.id, ranked.user_id, ranked.score, ranked.created_at, @now FROM (
            SELECT c.*, row_number() OVER (PARTITION BY c.user_id ORDER BY c.score DESC, c.created_at DESC, c.id DESC) AS of_author
            FROM (
                SELECT p.id, p.user_id, p.created_at, coalesce(s.like_count + 2 * s.comment_count, 0) AS score
                FROM (
                    SELECT p.id, p.user_id, p.created_at FROM posts p
                    WHERE p.deleted_at IS NULL AND NOT p.is_archived
                      AND (p.created_at AT TIME ZONE 'UTC') > (@since::timestamptz AT TIME ZONE 'UTC')
                      AND (p.created_at AT TIME ZONE 'UTC') <= (@now::timestamptz AT TIME ZONE 'UTC')
                      AND (SELECT NOT u.is_private FROM users u WHERE u.id = p.user_id AND u.deleted_at IS NULL AND u.is_active)
                    ORDER BY (p.created_at AT TIME ZONE 'UTC') DESC, p.id DESC LIMIT @scan
                ) p
                LEFT JOIN post_stats s ON s.post_id = p.id
            ) c
        ) ranked
        WHERE ranked.of_author <= @perAuthor
        ORDER BY ranked.score DESC, ranked.created_at DESC, ranked.id DESC
        LIMIT @keep;
        """;

    /// <summary>
    /// A caller's explore page: the ranking best first (explore_candidates_rank), each post still shown and still in
    /// the window, by an account the caller may see now (<see cref="Visibility.ContentFilter"/>: privacy, blocks either
    /// way, deletion) and neither is, follows nor has muted, and not one the caller said "not interested" to (explore_dismissals), nor by an
    /// account whose posts the caller asked not to be suggested (discovery_hidden_authors). The walk starts below the cursor and stops at @take.
    /// </summary>
    public static readonly string Page = $"""
        SELECT c.post_id AS id, c.score, c.post_created_at AS created_at FROM explore_candidates c
        JOIN posts p ON p.id = c.post_id
        WHERE (c.score, c.post_created_at, c.post_id) < (@cursorScore, @cursorAt, @cursorId)
          AND p.deleted_at IS NULL AND NOT p.is_archived AND c.post_created_at > @since
          AND c.user_id <> @viewer
          AND NOT EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = @viewer AND f.following_id = c.user_id)
          AND NOT EXISTS (SELECT 1 FROM mutes m WHERE m.muter_id = @viewer AND m.muted_id = c.user_id AND m.mute_posts)
          AND NOT EXISTS (SELECT 1 FROM explore_dismissals d WHERE d.user_id = @viewer AND d.post_id = c.post_id)
          AND NOT EXISTS (SELECT 1 FROM discovery_hidden_authors h WHERE h.user_id = @viewer AND h.author_id = c.user_id)
          AND {Visibility.ContentFilter("c.user_id")}
          AND {ReviewLimit.NotLimited("post", "c.post_id")}
        ORDER BY c.score DESC, c.post_created_at DESC, c.post_id DESC
        LIMIT @take
        """;
}
