namespace Fowergram.Features.Feed;

/// <summary>
/// What the feed consumers write. Each statement checks the current state rather than trusting the
/// event (events of one pair may arrive out of order: unfollow, follow again), and inserts with ON
/// CONFLICT DO NOTHING, so a replay or a late duplicate changes nothing.
/// </summary>
internal static class FeedWriteSql
{
    /// <summary>Answers a row when the author is listed, moving its last_post_at on.</summary>
    public const string TouchLargeAuthor = """
        UPDATE feed_large_authors SET last_post_at = greatest(last_post_at, @postedAt) WHERE user_id = @authorId RETURNING true
        """;

    /// <summary>Counting stops one past the threshold: a very large account costs no more to check than the threshold.</summary>
    public const string CountFollowersUpTo = """
        SELECT count(*) FROM (SELECT 1 FROM follows WHERE following_id = @authorId LIMIT @limit) f
        """;

    public const string ListLargeAuthor = """
        INSERT INTO feed_large_authors (user_id, follower_count, last_post_at, listed_at) VALUES (@authorId, @followers, @postedAt, @now)
        ON CONFLICT (user_id) DO UPDATE SET last_post_at = greatest(feed_large_authors.last_post_at, @postedAt)
        """;

    /// <summary>
    /// The post, if it is live, into the feeds of its author and (unless large) every follower: of every one when
    /// it is within the window (a new post), else (an old post unarchived) of each whose entries are complete
    /// back to it (feed_readers), so that they stay complete. A reader who already has the post through another account (a
    /// repost's or a collaboration's fan-out delivered first) gets the author's entry instead, as <see cref="Backfill"/> does.
    /// </summary>
    public const string FanOut = """
        INSERT INTO feed_entries (user_id, created_at, post_id, author_id)
        SELECT r.reader, p.created_at, p.id, p.user_id
          FROM posts p
         CROSS JOIN LATERAL (SELECT p.user_id AS reader
                             UNION ALL
                             SELECT f.follower_id FROM follows f WHERE f.following_id = p.user_id AND @toFollowers) r
         WHERE p.id = @postId AND p.deleted_at IS NULL AND NOT p.is_archived
           AND (p.created_at >= @horizon
                OR p.created_at >= (SELECT fr.complete_since FROM feed_readers fr WHERE fr.user_id = r.reader))
        ON CONFLICT (user_id, created_at, post_id) DO UPDATE SET author_id = EXCLUDED.author_id
            WHERE feed_entries.author_id <> EXCLUDED.author_id
        """;

    /// <summary>
    /// CTEs listing the post @postId in feed_large_shares for each of the <paramref name="sharers"/> (a query of user_id) that is
    /// a listed large account, whose last_shared_at moves on to the post's time: such an account is not fanned out, and the read
    /// merges its shares from that list (docs/feed.md "Large accounts' reposts and collaborations"). A replay lists nothing new.
    /// </summary>
    private static string ListLargeShares(string sharers) => $"""
        large_shares AS (
            INSERT INTO feed_large_shares (user_id, created_at, post_id)
            SELECT la.user_id, p.created_at, p.id
              FROM posts p
              JOIN feed_large_authors la ON la.user_id IN ({sharers})
             WHERE p.id = @postId
            ON CONFLICT DO NOTHING
            RETURNING user_id, created_at
        ), large_sharers AS (
            UPDATE feed_large_authors la SET last_shared_at = greatest(la.last_shared_at, s.created_at)
              FROM large_shares s WHERE la.user_id = s.user_id
        )
        """;

    /// <summary>A large account's listed share of @postId once it no longer stands (neither a repost nor an accepted collaboration).</summary>
    private const string EndLargeShare = """
        DELETE FROM feed_large_shares s
         WHERE s.post_id = @postId AND s.user_id = @viaId
           AND NOT EXISTS (SELECT 1 FROM reposts r WHERE r.post_id = @postId AND r.user_id = @viaId)
           AND NOT EXISTS (SELECT 1 FROM post_collaborators pc
                            WHERE pc.post_id = @postId AND pc.user_id = @viaId AND pc.accepted_at IS NOT NULL)
        """;

    /// <summary>
    /// A collab post, if it is live, into the feeds of its accepted collaborators (@viaId, or all of them when null)
    /// and of their followers, each entry with author_id = the collaborator it came through, so that unfollowing that
    /// collaborator (RemoveFollowee) or the collaboration's end (RemoveCollaborator) takes it out. A reader who already has the
    /// post (they follow its author, or another collaborator) keeps that entry (ON CONFLICT DO NOTHING). A collaborator listed
    /// in feed_large_authors is not fanned out: its last_shared_at moves on instead, for the read to merge the post (docs/feed.md
    /// "Large accounts' reposts and collaborations"). The window rule is FanOut's.
    /// </summary>
    public static readonly string FanOutCollaborators = $$"""
        WITH {{ListLargeShares("""
            SELECT pc.user_id FROM post_collaborators pc
             WHERE pc.post_id = @postId AND pc.accepted_at IS NOT NULL AND (@viaId::uuid IS NULL OR pc.user_id = @viaId)
            """)}}
        INSERT INTO feed_entries (user_id, created_at, post_id, author_id)
        SELECT r.reader, p.created_at, p.id, pc.user_id
          FROM posts p
          JOIN post_collaborators pc ON pc.post_id = p.id AND pc.accepted_at IS NOT NULL
                                    AND (@viaId::uuid IS NULL OR pc.user_id = @viaId)
         CROSS JOIN LATERAL (SELECT pc.user_id AS reader
                             UNION ALL
                             SELECT f.follower_id FROM follows f
                              WHERE f.following_id = pc.user_id
                                AND NOT EXISTS (SELECT 1 FROM feed_large_authors la WHERE la.user_id = pc.user_id)) r
         WHERE p.id = @postId AND p.deleted_at IS NULL AND NOT p.is_archived
           AND (p.created_at >= @horizon
                OR p.created_at >= (SELECT fr.complete_since FROM feed_readers fr WHERE fr.user_id = r.reader))
        ON CONFLICT DO NOTHING
        """;

    /// <summary>
    /// The entries a collaborator brought, once the collaboration has ended (not while it stands again); a reader who still
    /// reaches the post another way keeps it (<see cref="LeaveVia"/>).
    /// </summary>
    public static readonly string RemoveCollaborator = LeaveVia("@viaId", """
        SELECT e.user_id, e.created_at, e.post_id FROM feed_entries e
         WHERE e.post_id = @postId AND e.author_id = @viaId
           AND NOT EXISTS (SELECT 1 FROM posts p WHERE p.id = @postId AND p.user_id = @viaId)
           AND NOT EXISTS (SELECT 1 FROM post_collaborators pc
                            WHERE pc.post_id = @postId AND pc.user_id = @viaId AND pc.accepted_at IS NOT NULL)
        """) + ";\n" + EndLargeShare;

    /// <summary>
    /// A reposted post, if it is live and its author public and allowing reposts, into the feeds of the reposter's followers
    /// (@viaId, or every reposter when null), each entry with author_id = the reposter, so that unfollowing the reposter
    /// (RemoveFollowee) or undoing the repost (RemoveRepost) takes it out. Not into the reposter's own feed (they reposted it
    /// from somewhere). A reader who already has the post keeps that entry (ON CONFLICT DO NOTHING); a reposter listed in
    /// feed_large_authors is not fanned out: its last_shared_at moves on instead, for the read to merge the post (docs/feed.md
    /// "Large accounts' reposts and collaborations"). The entry's time is the post's (the feed's order), so the
    /// window rule is FanOut's: a post older than the window reaches only readers whose entries are complete back to it.
    /// </summary>
    public static readonly string FanOutReposts = $$"""
        WITH {{ListLargeShares("SELECT r.user_id FROM reposts r WHERE r.post_id = @postId AND (@viaId::uuid IS NULL OR r.user_id = @viaId)")}}
        INSERT INTO feed_entries (user_id, created_at, post_id, author_id)
        SELECT f.follower_id, p.created_at, p.id, r.user_id
          FROM posts p
          JOIN users a ON a.id = p.user_id AND NOT a.is_private AND a.allow_reposts
          JOIN reposts r ON r.post_id = p.id AND (@viaId::uuid IS NULL OR r.user_id = @viaId)
          JOIN follows f ON f.following_id = r.user_id
         WHERE p.id = @postId AND p.deleted_at IS NULL AND NOT p.is_archived
           AND NOT EXISTS (SELECT 1 FROM feed_large_authors la WHERE la.user_id = r.user_id)
           AND (p.created_at >= @horizon
                OR p.created_at >= (SELECT fr.complete_since FROM feed_readers fr WHERE fr.user_id = f.follower_id))
        ON CONFLICT DO NOTHING
        """;

    /// <summary>
    /// The entries a repost brought, once it is undone (not while it stands again, nor those of a collaborator or the
    /// author); a reader who still reaches the post another way keeps it (<see cref="LeaveVia"/>).
    /// </summary>
    public static readonly string RemoveRepost = LeaveVia("@viaId", """
        SELECT e.user_id, e.created_at, e.post_id FROM feed_entries e
         WHERE e.post_id = @postId AND e.author_id = @viaId
           AND NOT EXISTS (SELECT 1 FROM reposts r WHERE r.post_id = @postId AND r.user_id = @viaId)
           AND NOT EXISTS (SELECT 1 FROM posts p WHERE p.id = @postId AND p.user_id = @viaId)
           AND NOT EXISTS (SELECT 1 FROM post_collaborators pc
                            WHERE pc.post_id = @postId AND pc.user_id = @viaId AND pc.accepted_at IS NOT NULL)
        """) + ";\n" + EndLargeShare;

    /// <summary>Only while the post is deleted or archived (an unarchive may have overtaken this event).</summary>
    public const string RemovePost = """
        DELETE FROM feed_entries
         WHERE post_id = @postId
           AND NOT EXISTS (SELECT 1 FROM posts p WHERE p.id = @postId AND p.deleted_at IS NULL AND NOT p.is_archived)
        """;

    /// <summary>
    /// The followee's live posts, newest first, into the follower's feed while the follow stands: back to where the
    /// follower's entries are complete (feed_readers) or to @horizon, whichever is older, at most @limit. When the
    /// followee has more, the follower's entries are complete only above the newest post left out, so the mark
    /// moves up to it (for a reader with no row, never below @windowStart, where such a reader is complete). The entries go
    /// in oldest first, the order a fan-out batch writes the same ones in (its events in order): written newest first, the
    /// two could each hold an entry the other needed next, a deadlock (FeedWriteLockOrderTests). A post the follower already
    /// has through another account (a reposter or collaborator it followed first) becomes the followee's own entry: the
    /// author's path stands on its own, whereas kept through the other account, a mute, a block or the deactivation of that
    /// account took the followed author's post out of the feed (as LeaveVia, the author's path is the one preferred).
    /// </summary>
    public const string Backfill = """
        WITH bound AS (
            SELECT least(coalesce((SELECT fr.complete_since FROM feed_readers fr WHERE fr.user_id = @followerId), 'infinity'), @horizon) AS at
        ), eligible AS MATERIALIZED (
            SELECT p.created_at, p.id, p.user_id
              FROM posts p
             WHERE p.user_id = @followingId AND p.created_at >= (SELECT at FROM bound) AND p.deleted_at IS NULL AND NOT p.is_archived
               AND EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = @followerId AND f.following_id = @followingId)
               AND NOT EXISTS (SELECT 1 FROM feed_large_authors l WHERE l.user_id = @followingId)
             ORDER BY p.created_at DESC, p.id DESC
             LIMIT @limit + 1
        ), copied AS (
            INSERT INTO feed_entries (user_id, created_at, post_id, author_id)
            SELECT @followerId, n.created_at, n.id, n.user_id
              FROM (SELECT e.* FROM eligible e ORDER BY e.created_at DESC, e.id DESC LIMIT @limit) n
             ORDER BY n.created_at, n.id
            ON CONFLICT (user_id, created_at, post_id) DO UPDATE SET author_id = EXCLUDED.author_id
                WHERE feed_entries.author_id <> EXCLUDED.author_id
        ), cut AS (
            SELECT e.created_at + interval '1 microsecond' AS at FROM eligible e ORDER BY e.created_at DESC, e.id DESC OFFSET @limit LIMIT 1
        )
        INSERT INTO feed_readers (user_id, complete_since)
        SELECT @followerId, greatest(cut.at, @windowStart) FROM cut
        ON CONFLICT (user_id) DO UPDATE SET complete_since = greatest(feed_readers.complete_since, (SELECT at FROM cut))
        """;

    /// <summary>
    /// After <see cref="Backfill"/>: the posts the followee shares rather than wrote — its accepted collaborations and its
    /// reposts of public authors who allow them, the newest @limit of each — into the follower's feed while the follow
    /// stands, each entry through the followee (author_id), as the fan-outs write them, above where the follower's entries
    /// are complete. A large followee is merged at read time and brings none (as its fan-outs write none). A post already in
    /// the feed keeps its entry. Oldest first, as <see cref="Backfill"/>.
    /// </summary>
    public const string BackfillShared = """
        WITH bound AS (
            SELECT least(coalesce((SELECT fr.complete_since FROM feed_readers fr WHERE fr.user_id = @followerId), 'infinity'), @horizon) AS at
        ), allowed AS (
            SELECT 1 WHERE EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = @followerId AND f.following_id = @followingId)
                       AND NOT EXISTS (SELECT 1 FROM feed_large_authors l WHERE l.user_id = @followingId)
        ), shared AS (
            (SELECT pc.post_id FROM post_collaborators pc
              WHERE pc.user_id = @followingId AND pc.accepted_at IS NOT NULL
              ORDER BY pc.accepted_at DESC LIMIT @limit)
            UNION
            (SELECT r.post_id FROM reposts r
              WHERE r.user_id = @followingId
                AND EXISTS (SELECT 1 FROM posts p JOIN users a ON a.id = p.user_id
                             WHERE p.id = r.post_id AND NOT a.is_private AND a.allow_reposts)
              ORDER BY r.created_at DESC LIMIT @limit)
        )
        INSERT INTO feed_entries (user_id, created_at, post_id, author_id)
        SELECT @followerId, p.created_at, p.id, @followingId
          FROM shared s JOIN posts p ON p.id = s.post_id
         WHERE EXISTS (SELECT 1 FROM allowed)
           AND p.deleted_at IS NULL AND NOT p.is_archived AND p.user_id <> @followerId
           AND p.created_at >= (SELECT at FROM bound)
         ORDER BY p.created_at, p.id
        ON CONFLICT DO NOTHING
        """;

    /// <summary>
    /// The followee's entries out of the follower's feed, unless they follow again by now; a post the follower still reaches
    /// through another followed account (its author, a collaborator, a reposter) stays, through that one (<see cref="LeaveVia"/>).
    /// </summary>
    public static readonly string RemoveFollowee = LeaveVia("@followingId", """
        SELECT e.user_id, e.created_at, e.post_id FROM feed_entries e
         WHERE e.user_id = @followerId AND e.author_id = @followingId
           AND NOT EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = @followerId AND f.following_id = @followingId)
        """);

    /// <summary>
    /// Takes the entries <paramref name="leaving"/> selects (user_id, created_at, post_id: entries that came through the
    /// account <paramref name="gone"/>) out of their readers' feeds — except where the reader still reaches the post through
    /// another account it follows (or is): the post's author first, then an accepted collaborator, then a reposter of a public
    /// author who allows reposts, the paths the fan-outs write, an account whose posts the reader muted after all others
    /// (the read hides an entry through it). Those entries are re-pointed to that account instead, so a
    /// reader who followed two of them keeps the post when the one whose entry was written first is unfollowed. The read
    /// checks the new path as any other (docs/feed.md "Collab posts", "Reposts"). Of a post's reposters, the newest
    /// <see cref="RepostersLooked"/> are looked at (reposts_post_recent), so a viral post costs each leaving entry a bounded walk.
    /// </summary>
    private const int RepostersLooked = 100;

    private static string LeaveVia(string gone, string leaving) => Paths(gone, leaving) + """
        , repointed AS (
            UPDATE feed_entries e SET author_id = k.via
              FROM kept k
             WHERE k.via IS NOT NULL AND e.user_id = k.user_id AND e.created_at = k.created_at AND e.post_id = k.post_id
        )
        DELETE FROM feed_entries e
         USING kept k
         WHERE k.via IS NULL AND e.user_id = k.user_id AND e.created_at = k.created_at AND e.post_id = k.post_id
        """;

    /// <summary>
    /// The entries <paramref name="leaving"/> selects, each with the account it may be re-pointed to (<c>via</c>, null when
    /// none is followed) and whether the reader muted that account's posts (<c>muted</c>): <see cref="LeaveVia"/>'s choice.
    /// </summary>
    private static string Paths(string gone, string leaving) => $"""
        WITH leaving AS MATERIALIZED ({leaving}), kept AS (
            SELECT l.user_id, l.created_at, l.post_id, c.account AS via, c.muted
              FROM leaving l
              LEFT JOIN LATERAL (
                   SELECT v.account,
                          EXISTS (SELECT 1 FROM mutes m WHERE m.muter_id = l.user_id AND m.muted_id = v.account AND m.mute_posts) AS muted
                     FROM (
                        SELECT p.user_id AS account, 0 AS rank FROM posts p WHERE p.id = l.post_id
                        UNION ALL
                        SELECT pc.user_id, 1 FROM post_collaborators pc WHERE pc.post_id = l.post_id AND pc.accepted_at IS NOT NULL
                        UNION ALL
                        SELECT r.user_id, 2 FROM (SELECT r.user_id FROM reposts r WHERE r.post_id = l.post_id
                                                   ORDER BY r.created_at DESC LIMIT {RepostersLooked}) r
                         WHERE EXISTS (SELECT 1 FROM posts p JOIN users a ON a.id = p.user_id
                                        WHERE p.id = l.post_id AND NOT a.is_private AND a.allow_reposts)) v
                    WHERE v.account <> {gone}
                      AND (v.account = l.user_id
                           OR EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = l.user_id AND f.following_id = v.account))
                    ORDER BY 2, v.rank LIMIT 1) c ON true
        )
        """;

    /// <summary>
    /// A posts mute re-points the muter's entries that came through the muted account but are another's post (a repost or
    /// a collaboration) to another followed path whose posts are not muted, so a post the reader still reaches that way
    /// stays in the feed; an entry with no such path is left as it is — hidden by the read while the mute stands, back with
    /// the unmute. The mute is re-checked: a mute.changed delivered after the unmute changes nothing. The muted account's own
    /// posts are the mute's to hide and keep their entries.
    /// </summary>
    public static readonly string RepointMuted = Paths("@mutedId", """
        SELECT e.user_id, e.created_at, e.post_id FROM feed_entries e
          JOIN posts p ON p.id = e.post_id
         WHERE e.user_id = @muterId AND e.author_id = @mutedId AND p.user_id <> @mutedId
           AND EXISTS (SELECT 1 FROM mutes m WHERE m.muter_id = @muterId AND m.muted_id = @mutedId AND m.mute_posts)
        """) + """
        UPDATE feed_entries e SET author_id = k.via
          FROM kept k
         WHERE k.via IS NOT NULL AND NOT k.muted
           AND e.user_id = k.user_id AND e.created_at = k.created_at AND e.post_id = k.post_id
        """;

    /// <summary>
    /// Each one's entries out of the other's feed, while the block stands, as an unfollow takes them (<see cref="LeaveVia"/>):
    /// a post the reader still reaches through another account it follows stays, through that one. The block's follow.deleted
    /// events re-point them so when they come first; block.created may be taken before them (two consumer instances), and a
    /// plain delete then lost for good a post the reader follows someone else for. The read still hides whatever the block
    /// hides (the other account's own posts, whichever path they came by).
    /// </summary>
    public static readonly string RemoveBetween = LeaveVia("l.gone", """
        SELECT e.user_id, e.created_at, e.post_id, e.author_id AS gone FROM feed_entries e
         WHERE ((e.user_id = @blockerId AND e.author_id = @blockedId) OR (e.user_id = @blockedId AND e.author_id = @blockerId))
           AND EXISTS (SELECT 1 FROM blocks b WHERE b.blocker_id = @blockerId AND b.blocked_id = @blockedId)
        """);

    /// <summary>
    /// One batch of readers (by id) past the cursor; the retention job walks all of them. Each reader's mark moves
    /// to @windowStart, or to its @keep-th newest entry when that is older (a reader whose followees post rarely
    /// keeps its newest @keep entries), never back; the entries below the mark go. The users are key-share locked
    /// so that an account purge cannot remove one between its mark and its entries.
    /// </summary>
    public const string PruneBatch = """
        WITH readers AS (SELECT id FROM users WHERE id > @after ORDER BY id LIMIT @batch FOR KEY SHARE),
        marks AS MATERIALIZED (
            SELECT r.id, fr.complete_since AS was,
                   greatest(coalesce(fr.complete_since, @windowStart),
                            CASE WHEN @keep = 0 THEN @windowStart
                                 WHEN kept.created_at IS NULL THEN '-infinity'
                                 ELSE least(kept.created_at, @windowStart) END) AS at
              FROM readers r
              LEFT JOIN feed_readers fr ON fr.user_id = r.id
              LEFT JOIN LATERAL (SELECT e.created_at FROM feed_entries e WHERE e.user_id = r.id
                                  ORDER BY e.created_at DESC, e.post_id DESC OFFSET greatest(@keep - 1, 0) LIMIT 1) kept ON true
        ), marked AS (
            INSERT INTO feed_readers (user_id, complete_since)
            SELECT id, at FROM marks WHERE was IS DISTINCT FROM at
            ON CONFLICT (user_id) DO UPDATE SET complete_since = greatest(feed_readers.complete_since, excluded.complete_since)
        ), pruned AS (
            DELETE FROM feed_entries e USING marks m WHERE e.user_id = m.id AND e.created_at < m.at RETURNING 1
        )
        SELECT (SELECT id FROM readers ORDER BY id DESC LIMIT 1) AS last_reader, (SELECT count(*) FROM pruned) AS deleted
        """;
}
