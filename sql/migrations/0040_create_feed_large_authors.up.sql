-- The home feed is fanned out on write (feed_entries) for most authors and merged on read for the few
-- with very many followers (docs/feed.md). This is the set of the latter: an author is added by the
-- feed-fanout consumer when a new post finds more than Feed:FanOutMaxFollowers followers, and stays
-- (a later drop below the threshold costs a little read work, never correctness: the read merges every
-- post of a listed author and removes duplicates of entries fanned out before the author was listed).
CREATE TABLE feed_large_authors (
    user_id         uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    -- Followers counted when the author was listed (the threshold + 1: counting stops there).
    follower_count  bigint NOT NULL CHECK (follower_count > 0),
    -- created_at of the author's newest post the consumer has seen. A page whose entries all lie after
    -- it cannot contain any of the author's posts, so the read skips the author's timeline.
    last_post_at    timestamptz NOT NULL,
    listed_at       timestamptz NOT NULL DEFAULT now()
);
