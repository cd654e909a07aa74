-- Hashtags of reels (docs/reels.md "Hashtags"): reel captions were validated like posts' (at most 30 hashtags) but their
-- tags were not stored, so a hashtag's reels could not be listed. The shape of post_hashtags: reel_created_at copies the
-- reel's (a reel's creation time never changes) so a hashtag's reels tab reads in keyset order from one index.
CREATE TABLE reel_hashtags (
    reel_id         uuid NOT NULL REFERENCES reels (id) ON DELETE CASCADE,
    hashtag_id      uuid NOT NULL REFERENCES hashtags (id) ON DELETE CASCADE,
    reel_created_at timestamptz NOT NULL,
    CONSTRAINT reel_hashtags_pkey PRIMARY KEY (reel_id, hashtag_id)
);
CREATE INDEX reel_hashtags_page ON reel_hashtags (hashtag_id, reel_created_at DESC, reel_id DESC);

-- No backfill: PostgreSQL's regular expressions cannot repeat CaptionText's rule (Unicode letters and marks, whatever the
-- database's locale), and a tag parsed differently would be worse than none. Reels written before this migration are
-- tagged when their caption is next saved (docs/reels.md "Hashtags").
