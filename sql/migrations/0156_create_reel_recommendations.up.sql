-- GET /reels/recommended reads its ranking from here (docs/reels.md "Recommended"): the reel-recommendations job ranks
-- the window's live reels of public, live accounts once for everyone (at most three per account, by the engagement
-- trending ranks by), and each request walks the ranking best first, keeping what its caller may see, does not follow or
-- mute and has not played yet — explore's shape (0074), for reels.
CREATE TABLE reel_recommendations (
    reel_id         uuid PRIMARY KEY
        -- Deleting the reel (a purge's cascade) takes its place in the ranking with it; a soft deletion is filtered at read time.
        CONSTRAINT reel_recommendations_reel_fkey REFERENCES reels (id) ON DELETE CASCADE,
    -- 10 × likes + 20 × comments + plays: trending's likes + 2 × comments + plays / 10, kept whole for the keyset.
    score           bigint NOT NULL CONSTRAINT reel_recommendations_score_check CHECK (score >= 0),
    -- The reel's own creation time when ranked: the tie-break of the walk's keyset.
    reel_created_at timestamptz NOT NULL,
    ranked_at       timestamptz NOT NULL
);
CREATE INDEX reel_recommendations_rank ON reel_recommendations (score DESC, reel_created_at DESC, reel_id DESC);
