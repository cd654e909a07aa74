-- Reach and impressions of posts (docs/insights.md "Reach and impressions"), Instagram's "accounts reached" and
-- "impressions": the app reports the posts it showed (POST /impressions, a batch at a time); each post the viewer may see
-- gets one row per viewing account, so reach is a count of rows and no hot counter row stands in a viral post's way.
-- Whether the viewer followed the author is fixed at the first impression (Instagram's followers / non-followers split:
-- who followed at the time, not who follows now). Recorded during the post's first 90 days (the insights window); then
-- insights-retention settles a post's rows into post_reach and deletes them, so the table holds 90 days of posts, not
-- every post ever seen.
CREATE TABLE post_impressions (
    post_id       uuid NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    viewer_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    follower      boolean NOT NULL,
    first_seen_at timestamptz NOT NULL,
    last_seen_at  timestamptz NOT NULL,
    impressions   integer NOT NULL CONSTRAINT post_impressions_impressions_check CHECK (impressions > 0),
    CONSTRAINT post_impressions_pkey PRIMARY KEY (post_id, viewer_id),
    CONSTRAINT post_impressions_seen_in_order CHECK (last_seen_at >= first_seen_at)
);
-- The viewer's side (the cascade from users, the export) and the retention job's walk to posts past their window.
CREATE INDEX post_impressions_viewer ON post_impressions (viewer_id, first_seen_at);
CREATE INDEX post_impressions_first_seen ON post_impressions (first_seen_at);

-- A post's figures once its window has passed: what its rows added up to when they were settled.
CREATE TABLE post_reach (
    post_id           uuid PRIMARY KEY REFERENCES posts (id) ON DELETE CASCADE,
    accounts          bigint NOT NULL CONSTRAINT post_reach_accounts_check CHECK (accounts >= 0),
    follower_accounts bigint NOT NULL CONSTRAINT post_reach_follower_accounts_check CHECK (follower_accounts >= 0),
    impressions       bigint NOT NULL CONSTRAINT post_reach_impressions_check CHECK (impressions >= accounts),
    settled_at        timestamptz NOT NULL,
    CONSTRAINT post_reach_followers_within CHECK (follower_accounts <= accounts)
);
