-- Favorites (docs/feed.md "Favorites"), as Instagram's: up to 50 accounts whose posts the reader wants to see first, in a
-- feed of their own (GET /feed/favorites), newest first. The seed had no favorites. The key lists a reader's favorites and
-- drives the favorites feed (one index descent per favorite into posts_author_timeline); favorites_favorite serves the
-- favorite_id foreign key (an account's purge).
CREATE TABLE favorites (
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    favorite_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT favorites_pkey PRIMARY KEY (user_id, favorite_id),
    CONSTRAINT favorites_not_self CHECK (user_id <> favorite_id)
);
CREATE INDEX favorites_favorite ON favorites (favorite_id);
