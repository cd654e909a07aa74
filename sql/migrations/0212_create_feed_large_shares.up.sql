-- Large accounts' reposts and collaborations in the home feed (docs/feed.md "Large accounts' reposts and collaborations").
-- A listed account (feed_large_authors) is not fanned out, so its followers saw the posts it reposted or co-authored only on
-- its tabs. The read now merges them as it merges the account's own posts, from this list: one row per post a listed
-- account shared (a repost, or an accepted collaboration) while listed, at the post's time (the feed's order, as in
-- feed_entries), written by the feed-fanout consumer and taken out when the share ends. A row is a candidate only: the read
-- checks that the share still stands and that the reader may see the post, as it does for a shared feed entry.
CREATE TABLE feed_large_shares (
    user_id    uuid NOT NULL REFERENCES feed_large_authors (user_id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL,
    post_id    uuid NOT NULL,
    -- One account's shares newest first (by the post's time): the read's backward range, stopped at a page.
    CONSTRAINT feed_large_shares_pkey PRIMARY KEY (user_id, created_at, post_id),
    CONSTRAINT feed_large_shares_post_fkey FOREIGN KEY (post_id, created_at) REFERENCES posts (id, created_at) ON DELETE CASCADE
);
-- A post's rows: the consumer's removal when a share ends, and the cascade from posts.
CREATE INDEX feed_large_shares_post ON feed_large_shares (post_id);

-- The newest post time in the account's list, as far as the consumer has seen (it only moves on): a page whose entries all
-- lie after it cannot contain any of the account's shares, so the read skips them, as last_post_at lets it skip the
-- account's own posts. Null: nothing shared while listed.
ALTER TABLE feed_large_authors ADD COLUMN last_shared_at timestamptz;

-- Accounts listed before this migration: their standing shares (those made before listing were fanned out as well; the
-- read shows a post once).
INSERT INTO feed_large_shares (user_id, created_at, post_id)
SELECT s.user_id, p.created_at, p.id
  FROM (SELECT r.user_id, r.post_id FROM reposts r
        UNION
        SELECT pc.user_id, pc.post_id FROM post_collaborators pc WHERE pc.accepted_at IS NOT NULL) s
  JOIN feed_large_authors la ON la.user_id = s.user_id
  JOIN posts p ON p.id = s.post_id;
UPDATE feed_large_authors la SET last_shared_at = (SELECT max(s.created_at) FROM feed_large_shares s WHERE s.user_id = la.user_id);
