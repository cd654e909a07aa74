-- The home feed is fanned out on write (feed_entries) for most authors and merged on read for the few
-- with very many followers (docs/feed.md). This is the set of the latter: an author is added by the
-- feed-fanout consumer when a new post finds more than Feed:FanOutMaxFollowers followers, and stays
-- (a later drop below the threshold costs a little read work, never correctness: the read merges every
-- post of a listed author and removes duplicates of entries fanned out before the author was listed).
CREATE TABLE feed_large_authors (
    user_id         uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    -- Followers counted when the author was listed (at least the threshold + 1; the count stops there).
    follower_count  bigint NOT NULL CHECK (follower_count > 0),
    listed_at       timestamptz NOT NULL DEFAULT now()
);
