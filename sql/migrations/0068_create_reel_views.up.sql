-- Reels (docs/reels.md). One row per (reel, viewer): when the account first watched the reel and when its last
-- counted play was. reel_stats.view_count counts these rows as they are created (unique viewers), play_count the
-- plays that counted. A play counts again only once the reel's duration has passed since the last counted one,
-- so a client retrying POST /reels/{id}/views (or sending it twice) does not count twice.
CREATE TABLE reel_views (
    reel_id         uuid NOT NULL REFERENCES reels (id) ON DELETE CASCADE,
    user_id         uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    first_viewed_at timestamptz NOT NULL DEFAULT now(),
    last_played_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT reel_views_pkey PRIMARY KEY (reel_id, user_id),
    CONSTRAINT reel_views_played_after_first_view CHECK (last_played_at >= first_viewed_at)
);
-- The user_id foreign key: an account's purge deletes its view rows through it.
CREATE INDEX reel_views_user ON reel_views (user_id);

-- GET /reels/trending: the live reels of the trending window, newest first, read as one range of this index
-- (up to the scan cap) before they are ranked by engagement.
CREATE INDEX reels_live_recent ON reels (created_at DESC, id DESC) WHERE deleted_at IS NULL;
