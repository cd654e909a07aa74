using Fowergram.Platform.Content;

namespace Fowergram.Features.Insights;

/// <summary>
/// Reach and impressions of posts (docs/insights.md "Reach and impressions", migration 0203): one row per post and viewing
/// account while the post is in its first <see cref="InsightsApi.MaxDays"/> days, settled into post_reach after that.
/// </summary>
internal static class PostImpressions
{
    /// <summary>How many posts one report may name: a screenful or two of a feed.</summary>
    public const int MaxPerReport = 50;

    /// <summary>A second report of the same post by the same account within this long is the same look (a retry, a scroll back).</summary>
    public static readonly TimeSpan SameLook = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Records a look at each of @ids that the viewer may see now (the post's own rules: privacy, blocks, deleted, archived),
    /// not their own, in its window; anything else is passed over. A new viewer is a row (reach), a later look adds an
    /// impression. In post order, so two reports of one viewer at once lock rows in the same order. Every post seen, in its
    /// window or past it, marks its author's account-wide reach (<see cref="AccountReach"/>): that is by the day of the look.
    /// A viewer whose account is gone (deleted, deactivated, or purged meanwhile: no foreign-key error either) looks at nothing,
    /// checked in this statement rather than a query of its own (<see cref="LiveCaller"/>); it answers whether the viewer is live.
    /// </summary>
    public static readonly string Record = $"""
        WITH {LiveCaller.Cte("@viewer")}, seen AS (
            SELECT p.id, p.user_id, p.created_at FROM posts p
             WHERE p.id = ANY(@ids) AND p.user_id <> @viewer AND NOT p.is_archived AND {PostAccess.VisibleTo} AND {LiveCaller.IsLive}
        ), {AccountReach.Upsert("SELECT user_id AS owner_id FROM seen")}, looked AS (
            INSERT INTO post_impressions AS i (post_id, viewer_id, follower, first_seen_at, last_seen_at, impressions, post_created_at)
            SELECT s.id, @viewer,
                   EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = @viewer AND f.following_id = s.user_id), @now, @now, 1, s.created_at
              FROM seen s
             WHERE s.created_at > @windowStart
             ORDER BY s.id
            ON CONFLICT (post_id, viewer_id) DO UPDATE SET impressions = i.impressions + 1, last_seen_at = excluded.last_seen_at
             WHERE i.last_seen_at <= excluded.last_seen_at - @sameLook)
        SELECT {LiveCaller.IsLive}
        """;

    /// <summary>A post's figures: what was settled, plus the rows still kept (one range of the key).</summary>
    public const string Figures = """
        SELECT coalesce(r.accounts, 0) + live.accounts AS accounts,
               coalesce(r.follower_accounts, 0) + live.follower_accounts AS follower_accounts,
               coalesce(r.impressions, 0) + live.impressions AS impressions
          FROM (SELECT count(*) AS accounts, count(*) FILTER (WHERE follower) AS follower_accounts,
                       coalesce(sum(impressions), 0) AS impressions
                  FROM post_impressions WHERE post_id = @id) AS live
          LEFT JOIN post_reach r ON r.post_id = @id
        """;

    /// <summary>
    /// Settles up to @batch posts whose window has passed, found through the creation time each row carries
    /// (post_impressions_post_created, migration 0267), each post's rows added into post_reach and deleted in one statement.
    /// Until session 58 they were found through rows first seen before the window's start, so a post first seen late in its
    /// window kept its viewers up to 90 days past it.
    /// </summary>
    public const string Settle = """
        WITH due AS (
            SELECT DISTINCT post_id FROM (
                SELECT post_id FROM post_impressions WHERE post_created_at <= @windowStart ORDER BY post_created_at LIMIT @batch) AS oldest
        ), gone AS (
            DELETE FROM post_impressions i USING due WHERE i.post_id = due.post_id
            RETURNING i.post_id, i.follower, i.impressions
        )
        INSERT INTO post_reach AS r (post_id, accounts, follower_accounts, impressions, settled_at)
        SELECT post_id, count(*), count(*) FILTER (WHERE follower), sum(impressions), @now FROM gone GROUP BY post_id
        ON CONFLICT (post_id) DO UPDATE SET accounts = r.accounts + excluded.accounts,
            follower_accounts = r.follower_accounts + excluded.follower_accounts,
            impressions = r.impressions + excluded.impressions, settled_at = excluded.settled_at
        """;
}
