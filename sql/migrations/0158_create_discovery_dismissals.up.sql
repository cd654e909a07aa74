-- "Not interested" (docs/feed.md "Explore", docs/reels.md "Recommended"): a post or a reel the account asked never to be
-- shown again where it discovers things (explore, recommended reels). One row per account and thing; deleting either
-- takes the row with it. The discovery reads probe the primary key once per candidate they look at.
CREATE TABLE explore_dismissals (
    user_id    uuid NOT NULL CONSTRAINT explore_dismissals_user_id_fkey REFERENCES users (id) ON DELETE CASCADE,
    post_id    uuid NOT NULL CONSTRAINT explore_dismissals_post_id_fkey REFERENCES posts (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL,
    CONSTRAINT explore_dismissals_pkey PRIMARY KEY (user_id, post_id)
);
CREATE INDEX explore_dismissals_post ON explore_dismissals (post_id);

CREATE TABLE reel_dismissals (
    user_id    uuid NOT NULL CONSTRAINT reel_dismissals_user_id_fkey REFERENCES users (id) ON DELETE CASCADE,
    reel_id    uuid NOT NULL CONSTRAINT reel_dismissals_reel_id_fkey REFERENCES reels (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL,
    CONSTRAINT reel_dismissals_pkey PRIMARY KEY (user_id, reel_id)
);
CREATE INDEX reel_dismissals_reel ON reel_dismissals (reel_id);
