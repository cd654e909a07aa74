-- GET /explore reads its ranking from here (docs/feed.md "Explore"): the explore-refresh job ranks the window's
-- shown posts of public, live accounts once for everyone (at most three per account), and each request walks
-- the ranking best first, keeping what its caller may see and does not follow or mute — a few index probes per
-- post shown instead of ranking thousands of posts per request (measured: 63–70 ms per request that way on
-- the benchmark's 100k users, docs/performance.md "Explore").
CREATE TABLE explore_candidates (
    post_id         uuid PRIMARY KEY,
    user_id         uuid NOT NULL,
    post_created_at timestamptz NOT NULL,
    score           bigint NOT NULL CONSTRAINT explore_candidates_score_check CHECK (score >= 0),
    ranked_at       timestamptz NOT NULL,
    -- The author and time are the post's own (as feed_entries holds them), so the read filters by author without
    -- a join; deleting the post or purging the account takes the row with it.
    CONSTRAINT explore_candidates_post_fkey FOREIGN KEY (post_id, user_id, post_created_at)
        REFERENCES posts (id, user_id, created_at) ON DELETE CASCADE
);
CREATE INDEX explore_candidates_rank ON explore_candidates (score DESC, post_created_at DESC, post_id DESC);
