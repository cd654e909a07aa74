using Fowergram.Features.Music;
using Fowergram.Platform.Content;

namespace Fowergram.Features.Feed;

/// <summary>
/// The home feed read (docs/feed.md). Both queries bind @viewer, @now, @horizon, @cursorAt, @cursorId
/// and @take, and yield the posts of one keyset page in (created_at DESC, id DESC) order, one row per
/// media item. Visibility is re-checked on every row: the reader follows the author (or is the author),
/// the author is live, no block stands between them either way (with the follow: can_view_content,
/// written out because that function is not inlinable and would cost a sub-query per row), the reader
/// has not muted the author's posts, the post is neither deleted nor archived. The shapes were chosen
/// by measurement (docs/performance.md "How the design was chosen"): blocks and mutes are read once into an array, and the follow
/// check is an index probe per row rather than a hash of every followee (5,000 for some readers).
/// </summary>
internal static class FeedSql
{
    /// <summary>Accounts whose posts the viewer must not see: blocked either way, or posts muted.</summary>
    private const string Hidden = """
        hidden AS MATERIALIZED (
            SELECT ARRAY(SELECT b.blocked_id FROM blocks b WHERE b.blocker_id = @viewer
                         UNION ALL
                         SELECT b.blocker_id FROM blocks b WHERE b.blocked_id = @viewer
                         UNION ALL
                         SELECT m.muted_id FROM mutes m WHERE m.muter_id = @viewer AND m.mute_posts) AS ids
        )
        """;

    /// <summary>
    /// Where the reader's entries stop being complete (feed_readers; the retention window, @horizon, for a
    /// reader with no row): <see cref="Recent"/> reads entries from here on, <see cref="Older"/> pulls before it.
    /// Read in the same statement as the entries, so a retention run that moves the mark and deletes below it
    /// in between can never leave a page short. 'infinity' for a reader whose account is gone (deleted or deactivated):
    /// no entry, large account's post or share is at or after it and <see cref="Older"/> pulls nothing then, so a gone
    /// account's token (it outlives the account until its session's end is read) gets no page, which
    /// <see cref="FeedReader"/> tells from an empty feed. One primary-key probe in the statement: no round trip of its own.
    /// </summary>
    private const string Mark = """
        mark AS MATERIALIZED (
            SELECT CASE WHEN (SELECT true FROM users lu WHERE lu.id = @viewer AND lu.deleted_at IS NULL AND lu.is_active)
                        THEN coalesce((SELECT r.complete_since FROM feed_readers r WHERE r.user_id = @viewer), @horizon)
                        ELSE 'infinity' END AS at
        )
        """;

    /// <summary>
    /// Everything but the page itself: counts, the reader's like, save (saved_posts, Instagram's "all
    /// saved") and repost, and the media in page order, each with the content type its read URL is signed for (the
    /// validated type copied from its upload; the upload's own for rows written by other tools). The like,
    /// save and repost are probed once per post (<c>flagged</c>), before the media multiply the rows, and as
    /// scalar sub-queries: an EXISTS there may be planned as a hash of all the reader's likes, whose cost
    /// grows with every like the reader ever gave (measured: 132 of a page's 662 buffers for a reader with
    /// 149 likes; docs/performance.md "How the design was chosen").
    /// </summary>
    private static readonly string Tail = $$"""
        , flagged AS MATERIALIZED (
            SELECT page.*,
                   (SELECT true FROM likes l WHERE l.user_id = @viewer AND l.post_id = page.id) IS NOT NULL AS is_liked,
                   (SELECT true FROM saved_posts sp WHERE sp.user_id = @viewer AND sp.post_id = page.id) IS NOT NULL AS is_saved,
                   (SELECT true FROM reposts rr WHERE rr.user_id = @viewer AND rr.post_id = page.id) IS NOT NULL AS is_reposted,
                   {{Collaborators.JsonOf("page.id")}} AS collaborators,
                   {{MusicClips.JsonOf("page.music_track_id", "page.music_start_seconds")}} AS music,
                   CASE WHEN page.via_id IS NOT NULL THEN
                   (SELECT json_build_object('id', vu.id, 'username', vu.username, 'fullName', vu.full_name, 'avatar', vu.avatar,
                                             'isVerified', vu.is_verified) FROM users vu WHERE vu.id = page.via_id) END AS reposted_by
              FROM page
        )
        SELECT page.id AS post_id, page.user_id AS author_id, page.username AS author_username,
               page.full_name AS author_full_name, page.avatar AS author_avatar, page.is_verified AS author_is_verified,
               page.caption, page.location, page.comments_disabled, page.likes_disabled, page.created_at,
               -- Hidden by its author, or by the reader's "hide like counts" (one probe per statement: docs/posts.md).
               CASE WHEN (page.likes_disabled OR (SELECT NOT lv.show_like_counts FROM users lv WHERE lv.id = @viewer)) AND page.user_id <> @viewer
                    THEN NULL ELSE coalesce(s.like_count, 0) END AS like_count,
               coalesce(s.comment_count, 0) AS comment_count,
               page.is_liked, page.is_saved, page.is_reposted, page.collaborators, page.reposted_by, page.music,
               pm.id AS media_id, pm.media_type, pm.blob_name AS media_blob_name,
               coalesce(pm.content_type, (SELECT up.content_type FROM uploads up WHERE up.id = pm.upload_id)) AS media_content_type,
               pm.alt_text AS media_alt_text, pm.width AS media_width, pm.height AS media_height, pm.duration AS media_duration
          FROM flagged page
          LEFT JOIN post_stats s ON s.post_id = page.id
          LEFT JOIN post_media pm ON pm.post_id = page.id
         ORDER BY page.created_at DESC, page.id DESC, pm.display_order
        """;

    /// <summary>
    /// The posts the large accounts the reader follows (big) reposted or co-authored while listed, newest first, at most @take,
    /// from the floor on (docs/feed.md "Large accounts' reposts and collaborations"): such an account is not fanned out, so its
    /// shares are merged on read from feed_large_shares, as its own posts are from its timeline. First the candidates: per
    /// account one backward index-only range of that list's key, stopped at @take, skipped (last_shared_at) when the account
    /// shared nothing since the floor; then, newest first, the checks of a shared entry in the fan-out branch, stopping at @take
    /// posts that pass — the share stands (an accepted collaboration, or a repost of a public author who allows reposts), the
    /// post is live, its author live, not hidden and with content the reader may see — so the probes are paid for the posts
    /// that can make the page, not for every candidate (measured: docs/performance-history.md "The thirty-fourth session"). The reposter is named unless the
    /// reader is or follows the author, or the account co-authored the post; of a post two accounts shared, the row naming
    /// no reposter wins. Of one post's candidates the first that passes is kept (DISTINCT ON, streaming in the candidates'
    /// order, so the checks stop at @take posts): the candidates sort by account id within a post, so the reposter named is
    /// the same on every read (the smaller id), and a post one of these accounts co-authored names nobody whichever sorts first.
    /// </summary>
    private const string Shared = """
        shared AS MATERIALIZED (
            SELECT DISTINCT ON (s.created_at, s.post_id)
                   p.id, p.user_id, a.username, a.full_name, a.avatar, a.is_verified, p.caption, p.location, p.comments_disabled,
                   p.likes_disabled, p.created_at, p.music_track_id, p.music_start_seconds,
                   CASE WHEN c.collab OR p.user_id = @viewer
                             OR (SELECT true FROM follows fv WHERE fv.follower_id = @viewer AND fv.following_id = p.user_id) IS NOT NULL
                             -- Another of the accounts read here co-authored it: its own candidate may sort after this one.
                             OR EXISTS (SELECT 1 FROM post_collaborators bc JOIN big bb ON bb.user_id = bc.user_id
                                         WHERE bc.post_id = s.post_id AND bc.accepted_at IS NOT NULL)
                        THEN NULL ELSE s.user_id END AS via_id
              FROM (SELECT ls.user_id, ls.created_at, ls.post_id
                      FROM big
                     CROSS JOIN LATERAL (
                           SELECT x.user_id, x.created_at, x.post_id FROM feed_large_shares x
                            WHERE big.last_shared_at >= (SELECT at FROM floor)
                              AND x.user_id = big.user_id AND x.created_at >= (SELECT at FROM floor) AND x.created_at <= @now
                              AND (x.created_at, x.post_id) < (@cursorAt, @cursorId)
                            ORDER BY x.created_at DESC, x.post_id DESC
                            LIMIT @take) ls
                     ORDER BY ls.created_at DESC, ls.post_id DESC, ls.user_id
                    OFFSET 0) s
              JOIN posts p ON p.id = s.post_id
              JOIN users a ON a.id = p.user_id
             CROSS JOIN LATERAL (SELECT (SELECT true FROM post_collaborators pc
                                          WHERE pc.post_id = s.post_id AND pc.user_id = s.user_id AND pc.accepted_at IS NOT NULL) IS NOT NULL AS collab) c
             WHERE p.deleted_at IS NULL AND NOT p.is_archived
               AND a.deleted_at IS NULL AND a.is_active
               AND p.user_id <> ALL ((SELECT ids FROM hidden)::uuid[])
               AND (p.user_id = @viewer OR NOT a.is_private
                    OR (SELECT true FROM follows fa WHERE fa.follower_id = @viewer AND fa.following_id = p.user_id) IS NOT NULL)
               AND (c.collab OR (NOT a.is_private AND a.allow_reposts
                                 AND (SELECT true FROM reposts r WHERE r.user_id = s.user_id AND r.post_id = s.post_id) IS NOT NULL))
             ORDER BY s.created_at DESC, s.post_id DESC, s.user_id
             LIMIT @take
        )
        """;

    /// <summary>
    /// Posts at or after the mark. First the reader's fanned-out entries: one backward range scan of the
    /// primary key, filtered row by row, stopping at @take. An entry's author_id is the account it came through: the
    /// post's author, for a collab post an accepted collaborator (docs/feed.md "Collab posts"), for a repost the reposter
    /// (docs/feed.md "Reposts"). The follow, hidden and
    /// live checks are on it (users u, joined by it as before collab posts), and only a collab entry — the lateral's gate
    /// and the CASE's other branch, so the common path pays nothing (measured: joining users by the post's author and
    /// checking the collaborator in the sub-query cost the median page 0.1–0.2 ms; docs/performance-history.md "The twenty-eighth session") — reads the post's
    /// author (a) to show it, and needs the collaboration or the repost to stand (a repost's author public and allowing
    /// reposts) and the author live, not hidden and with content the reader may see (can_view_content written out, as
    /// above); such an entry names its reposter (via_id) when the reader does not follow the author. Then the large accounts the reader follows
    /// (not fanned out): when the entries fill the page, a post older than its oldest entry cannot make
    /// it, so only accounts that posted since (last_post_at) are read, each by one short index range, and only those that
    /// shared since (last_shared_at) have their reposts and collaborations merged (<see cref="Shared"/>). One row per post
    /// (DISTINCT ON): an entry fanned out before its author was listed, an own post and a share may be the same post; the
    /// row naming no reposter wins.
    /// </summary>
    public static readonly string Recent = $$"""
        WITH {{Hidden}}, {{Mark}},
        fe AS MATERIALIZED (
            SELECT p.id, p.user_id,
                   CASE WHEN e.author_id = p.user_id THEN u.username ELSE a.username END AS username,
                   CASE WHEN e.author_id = p.user_id THEN u.full_name ELSE a.full_name END AS full_name,
                   CASE WHEN e.author_id = p.user_id THEN u.avatar ELSE a.avatar END AS avatar,
                   CASE WHEN e.author_id = p.user_id THEN u.is_verified ELSE a.is_verified END AS is_verified,
                   p.caption, p.location, p.comments_disabled, p.likes_disabled, p.created_at, p.music_track_id, p.music_start_seconds,
                   -- The reposter to name ("reposted by"), for a repost's entry read by someone who does not follow the author.
                   CASE WHEN e.author_id = p.user_id OR p.user_id = @viewer THEN NULL
                        WHEN (SELECT true FROM follows fv WHERE fv.follower_id = @viewer AND fv.following_id = p.user_id) IS NOT NULL THEN NULL
                        WHEN (SELECT true FROM post_collaborators vc
                               WHERE vc.post_id = p.id AND vc.user_id = e.author_id AND vc.accepted_at IS NOT NULL) IS NOT NULL THEN NULL
                        ELSE e.author_id END AS via_id
              FROM feed_entries e
              JOIN posts p ON p.id = e.post_id
              JOIN users u ON u.id = e.author_id
              -- The post's author when the entry came through a collaborator; for every other entry the gate (a one-time
              -- filter) skips the probe, and u is the author. OFFSET 0 keeps the sub-query from being pulled up into a
              -- join, which would probe users for every entry and filter after (seen in the generic plan).
              LEFT JOIN LATERAL (SELECT au.username, au.full_name, au.avatar, au.is_verified, au.is_private, au.deleted_at, au.is_active,
                                        au.allow_reposts
                                   FROM users au WHERE au.id = p.user_id AND e.author_id <> p.user_id OFFSET 0) a ON true
             WHERE e.user_id = @viewer AND e.created_at >= (SELECT at FROM mark) AND e.created_at <= @now
               AND (e.created_at, e.post_id) < (@cursorAt, @cursorId)
               AND p.deleted_at IS NULL AND NOT p.is_archived
               AND u.deleted_at IS NULL AND u.is_active
               AND (e.author_id = @viewer
                    OR (SELECT true FROM follows f WHERE f.follower_id = @viewer AND f.following_id = e.author_id))
               AND e.author_id <> ALL ((SELECT ids FROM hidden)::uuid[])
               AND CASE WHEN e.author_id = p.user_id THEN true
                        ELSE p.user_id <> ALL ((SELECT ids FROM hidden)::uuid[])
                             AND a.deleted_at IS NULL AND a.is_active
                             AND (p.user_id = @viewer OR NOT a.is_private
                                  OR (SELECT true FROM follows fa WHERE fa.follower_id = @viewer AND fa.following_id = p.user_id) IS NOT NULL)
                             AND ((SELECT true FROM post_collaborators pc
                                    WHERE pc.post_id = p.id AND pc.user_id = e.author_id AND pc.accepted_at IS NOT NULL) IS NOT NULL
                                  OR (NOT a.is_private AND a.allow_reposts
                                      AND (SELECT true FROM reposts rp WHERE rp.user_id = e.author_id AND rp.post_id = p.id) IS NOT NULL))
                   END
             ORDER BY e.created_at DESC, e.post_id DESC
             LIMIT @take
        ), floor AS MATERIALIZED (
            SELECT greatest((SELECT at FROM mark), CASE WHEN count(*) = @take THEN min(created_at) END) AS at FROM fe
        ), big AS MATERIALIZED (
            SELECT la.user_id, la.last_post_at, la.last_shared_at, u.username, u.full_name, u.avatar, u.is_verified
              FROM feed_large_authors la
              JOIN users u ON u.id = la.user_id
             WHERE (la.last_post_at >= (SELECT at FROM floor) OR la.last_shared_at >= (SELECT at FROM floor))
               AND (SELECT true FROM follows f WHERE f.follower_id = @viewer AND f.following_id = la.user_id)
               AND u.deleted_at IS NULL AND u.is_active
               AND la.user_id <> ALL ((SELECT ids FROM hidden)::uuid[])
        ), {{Shared}}, page AS (
            -- One row per post: an entry, a large account's own post and its share may all be the same post; the row with
            -- no reposter to name wins (the reader follows the author, or the post came through a collaborator).
            SELECT DISTINCT ON (m.created_at, m.id) m.* FROM (
            SELECT * FROM fe
            UNION ALL
            SELECT lp.id, big.user_id, big.username, big.full_name, big.avatar, big.is_verified, lp.caption, lp.location,
                   lp.comments_disabled, lp.likes_disabled, lp.created_at, lp.music_track_id, lp.music_start_seconds, NULL::uuid
              FROM big
             CROSS JOIN LATERAL (
                   SELECT p.id, p.caption, p.location, p.comments_disabled, p.likes_disabled, p.created_at, p.music_track_id, p.music_start_seconds
                     FROM posts p
                    WHERE big.last_post_at >= (SELECT at FROM floor)
                      AND p.user_id = big.user_id
                      AND p.created_at >= (SELECT at FROM floor) AND p.created_at <= @now
                      AND (p.created_at, p.id) < (@cursorAt, @cursorId)
                      AND p.deleted_at IS NULL AND NOT p.is_archived
                    ORDER BY p.created_at DESC, p.id DESC
                    LIMIT @take) lp
            UNION ALL
            SELECT * FROM shared
            ) m
             ORDER BY m.created_at DESC, m.id DESC, m.via_id NULLS FIRST
             LIMIT @take
        )
        {{Tail}}
        """;

    /// <summary>
    /// Posts before the mark, where the reader's entries are no longer complete (or kept): pulled from each followed
    /// account's timeline (one index range per account, @take at most each), as the seed's get_user_feed
    /// does but by keyset. Only pages deeper than the reader's entries come here.
    /// </summary>
    public static readonly string Older = $"""
        WITH {Hidden}, {Mark},
        authors AS (
            SELECT u.id, u.username, u.full_name, u.avatar, u.is_verified
              FROM (SELECT f.following_id AS id FROM follows f WHERE f.follower_id = @viewer
                    UNION ALL
                    SELECT @viewer) a
              JOIN users u ON u.id = a.id
             WHERE u.deleted_at IS NULL AND u.is_active
               AND u.id <> ALL ((SELECT ids FROM hidden)::uuid[])
               AND (SELECT at FROM mark) < 'infinity' -- the reader's account is live (Mark)
        ), page AS (
            SELECT lp.id, a.id AS user_id, a.username, a.full_name, a.avatar, a.is_verified, lp.caption, lp.location,
                   lp.comments_disabled, lp.likes_disabled, lp.created_at, lp.music_track_id, lp.music_start_seconds, NULL::uuid AS via_id
              FROM authors a
             CROSS JOIN LATERAL (
                   SELECT p.id, p.caption, p.location, p.comments_disabled, p.likes_disabled, p.created_at, p.music_track_id, p.music_start_seconds
                     FROM posts p
                    WHERE p.user_id = a.id AND p.created_at < (SELECT at FROM mark) AND (p.created_at, p.id) < (@cursorAt, @cursorId)
                      AND p.deleted_at IS NULL AND NOT p.is_archived
                    ORDER BY p.created_at DESC, p.id DESC
                    LIMIT @take) lp
             ORDER BY lp.created_at DESC, lp.id DESC
             LIMIT @take
        )
        {Tail}
        """;
}
