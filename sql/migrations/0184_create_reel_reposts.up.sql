-- Reposts of reels (docs/reels.md "Reposts"), as 0183's reposts of posts: an account shares someone else's public reel with
-- its own followers. The reel stays its author's; the reposter's "Reposts" tab (reels) lists it. One row per account and
-- reel: reposting again changes nothing; undoing deletes the row (nothing to keep). The author's switch is 0183's
-- users.allow_reposts: one "allow reposts" for posts and reels, as Instagram has one.
CREATE TABLE reel_reposts (
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    reel_id    uuid NOT NULL REFERENCES reels (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL,
    CONSTRAINT reel_reposts_pkey PRIMARY KEY (user_id, reel_id)
);
-- An account's reel reposts, newest repost first (GET /users/{username}/reposts/reels, keyset).
CREATE INDEX reel_reposts_user_recent ON reel_reposts (user_id, created_at DESC, reel_id DESC);
-- Who reposted a reel, newest first (GET /reels/{id}/reposts, keyset), the reel's repost count, and the cascade from reels.
CREATE INDEX reel_reposts_reel_recent ON reel_reposts (reel_id, created_at DESC, user_id DESC);

-- The author is told with 0183's 'repost' notice, entity 'reel' ("ann reposted your reel."): the notice types stay as they are.
