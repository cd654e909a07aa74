-- Account-wide reach (docs/insights.md "Accounts reached"), Instagram's "accounts reached": the distinct accounts that saw
-- any of an account's content, by the UTC day of their latest look. One row per (owner, viewer), whatever the number of
-- posts, reels, videos and stories seen, so the window's count is bounded by the accounts reached, not by the content:
-- each look the existing write records (post impressions, reel plays, video views, story views) upserts the row at most
-- once a UTC day (a later look the same day writes nothing), and the follower split is who followed at the latest look.
-- The owner's own looks never count. Kept for the longest insights window (90 days), then deleted by insights-retention.
CREATE TABLE account_reach (
    owner_id  uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    viewer_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    last_day  date NOT NULL,
    follower  boolean NOT NULL,
    CONSTRAINT account_reach_pkey PRIMARY KEY (owner_id, viewer_id),
    CONSTRAINT account_reach_not_own CHECK (viewer_id <> owner_id)
) WITH (
    -- The window's count is index-only only on pages vacuum marked all-visible, and a day's upserts land all over the heap
    -- (one row per viewer): measured, 1.5% of the rows changed cleared most pages and made a million-account count 5 to 7
    -- times slower until vacuum ran. So autovacuum runs after 2% of the rows changed or were added, not the default 20%.
    autovacuum_vacuum_scale_factor = 0.02,
    autovacuum_vacuum_insert_scale_factor = 0.02
);
-- The owner's window with its follower split, an index-only range scan.
CREATE INDEX account_reach_window ON account_reach (owner_id, last_day) INCLUDE (follower);
-- The viewer's side: the cascade from users and their export.
CREATE INDEX account_reach_viewer ON account_reach (viewer_id, last_day);
-- The retention job's sweep by day.
CREATE INDEX account_reach_day ON account_reach (last_day);
