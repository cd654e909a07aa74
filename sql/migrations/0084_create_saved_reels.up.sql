-- Saved reels (docs/reels.md "Saves"): Instagram saves reels as it saves posts, but the seed's saved_posts and collections
-- hold posts only, so reel_stats.save_count had nothing to count. The shape of saved_posts: one row per account and reel,
-- the saver's list newest first by saved_reels_user_recent, the recount of a reel's saves by saved_reels_reel.
CREATE TABLE saved_reels (
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    reel_id    uuid NOT NULL REFERENCES reels (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT saved_reels_pkey PRIMARY KEY (user_id, reel_id)
);
CREATE INDEX saved_reels_user_recent ON saved_reels (user_id, created_at DESC, reel_id DESC);
CREATE INDEX saved_reels_reel ON saved_reels (reel_id);
