-- The accounts a reel's caption mentions, resolved when the caption is written (docs/reels.md "Mentions"), as post_mentions
-- keeps a post's. Without them a mention edited out of a caption before its notice was delivered still notified, and one
-- edited out after stayed in the notifications list; reel-notifications now writes a caption's mention only while its row
-- is here, and an edit that takes a name out takes the notice back. Mentions in reel comments stay rowless (comments are
-- not edited). Reels written before this migration get rows at their next caption edit or trial share.
CREATE TABLE reel_mentions (
    reel_id    uuid NOT NULL,
    user_id    uuid NOT NULL,
    created_at timestamptz NOT NULL,
    CONSTRAINT reel_mentions_pkey PRIMARY KEY (reel_id, user_id),
    CONSTRAINT reel_mentions_reel_id_fkey FOREIGN KEY (reel_id) REFERENCES reels (id) ON DELETE CASCADE,
    CONSTRAINT reel_mentions_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);
-- The cascade of a purged account, and "reels I am mentioned in" should a list want it.
CREATE INDEX reel_mentions_user ON reel_mentions (user_id, created_at DESC, reel_id DESC);
