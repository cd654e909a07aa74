-- Scheduled posts (docs/posts.md "Scheduled posts"): a post written now and published by the scheduled-posts job at
-- publish_at. It lives here, outside posts, until then, so no read of posts (grid, feed, search, explore, hashtags,
-- counters) can show it early. Its uploads are claimed when it is scheduled (validated, marked used: they cannot expire
-- or be attached elsewhere meanwhile); cancelling releases them for clean-up. Publishing writes the post exactly as
-- POST /posts would, at that moment, and deletes the row in the same transaction.
CREATE TABLE scheduled_posts (
    id          uuid PRIMARY KEY,
    user_id     uuid NOT NULL CONSTRAINT scheduled_posts_user_id_fkey REFERENCES users (id) ON DELETE CASCADE,
    publish_at  timestamptz NOT NULL,
    -- The post as POST /posts takes it (CreatePostRequest: caption, location, switches, each media's upload, alt text,
    -- size and people tags), validated when scheduled and when edited.
    request     jsonb NOT NULL CONSTRAINT scheduled_posts_request_check CHECK (jsonb_typeof(request) = 'object'),
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    -- The last time the job could not publish it, and why, shown to its owner until an edit or a later run succeeds.
    failed_at   timestamptz,
    failure     text CONSTRAINT scheduled_posts_failure_check CHECK (char_length(failure) BETWEEN 1 AND 500),
    CONSTRAINT scheduled_posts_updated_after_created CHECK (updated_at >= created_at),
    CONSTRAINT scheduled_posts_failure_complete CHECK ((failed_at IS NULL) = (failure IS NULL))
);
-- The job's walk (due first) and the owner's list (soonest first).
CREATE INDEX scheduled_posts_due ON scheduled_posts (publish_at, id);
CREATE INDEX scheduled_posts_user ON scheduled_posts (user_id, publish_at, id);

-- What each claimed upload measured when the post was scheduled, so publishing needs no second look at the object.
CREATE TABLE scheduled_post_media (
    scheduled_post_id uuid NOT NULL CONSTRAINT scheduled_post_media_post_fkey REFERENCES scheduled_posts (id) ON DELETE CASCADE,
    position          smallint NOT NULL CONSTRAINT scheduled_post_media_position_check CHECK (position BETWEEN 0 AND 9),
    -- An upload serves one scheduled post (and, once published, one post: its claim is single use). Upload rows go only
    -- with their account, which takes its scheduled posts too; cascading here keeps that one statement whatever order
    -- PostgreSQL runs the two cascades in (a plain reference failed the purge when the uploads' cascade ran first).
    upload_id         uuid NOT NULL CONSTRAINT scheduled_post_media_upload_key UNIQUE
                      CONSTRAINT scheduled_post_media_upload_fkey REFERENCES uploads (id) ON DELETE CASCADE,
    width             integer CONSTRAINT scheduled_post_media_width_check CHECK (width > 0),
    height            integer CONSTRAINT scheduled_post_media_height_check CHECK (height > 0),
    duration_seconds  integer CONSTRAINT scheduled_post_media_duration_check CHECK (duration_seconds >= 0),
    CONSTRAINT scheduled_post_media_pkey PRIMARY KEY (scheduled_post_id, position)
);
