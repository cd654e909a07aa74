-- Scheduled reels (docs/reels.md "Scheduled reels"): a reel written now and published by the scheduled-reels job at
-- publish_at, as scheduled posts (0157) do for posts. It lives here, outside reels, until then, so no read of reels (grids,
-- the reels tab, hashtags, sounds, remixes, counters) can show it early. Its video's upload is claimed when it is scheduled
-- (validated, marked used: it cannot expire or be attached elsewhere meanwhile); cancelling releases it for clean-up.
-- Publishing writes the reel exactly as POST /reels would, at that moment, and deletes the row in the same transaction.
CREATE TABLE scheduled_reels (
    id                uuid PRIMARY KEY,
    user_id           uuid NOT NULL CONSTRAINT scheduled_reels_user_id_fkey REFERENCES users (id) ON DELETE CASCADE,
    publish_at        timestamptz NOT NULL,
    -- The reel as POST /reels takes it (CreateReelRequest: caption, location, sound, remixed reel, switches), validated
    -- when scheduled and when edited, and again when published.
    request           jsonb NOT NULL CONSTRAINT scheduled_reels_request_check CHECK (jsonb_typeof(request) = 'object'),
    -- The claimed video: one upload serves one scheduled reel (and, once published, one reel). Upload rows go only with
    -- their account, which takes its scheduled reels too; cascading keeps that one statement whatever order PostgreSQL
    -- runs the two cascades in (as scheduled_post_media.upload_id, 0157).
    upload_id         uuid NOT NULL CONSTRAINT scheduled_reels_upload_key UNIQUE
                      CONSTRAINT scheduled_reels_upload_fkey REFERENCES uploads (id) ON DELETE CASCADE,
    -- What the claim measured (the file's word over the client's), so publishing needs no second look at the object.
    object_name       text NOT NULL CONSTRAINT scheduled_reels_object_name_check CHECK (char_length(object_name) BETWEEN 1 AND 1024),
    width             integer NOT NULL CONSTRAINT scheduled_reels_width_check CHECK (width > 0),
    height            integer NOT NULL CONSTRAINT scheduled_reels_height_check CHECK (height > 0),
    duration_seconds  integer NOT NULL CONSTRAINT scheduled_reels_duration_check CHECK (duration_seconds BETWEEN 1 AND 180),
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL,
    -- The last time the job could not publish it, and why, shown to its owner until an edit or a later run succeeds.
    failed_at         timestamptz,
    failure           text CONSTRAINT scheduled_reels_failure_check CHECK (char_length(failure) BETWEEN 1 AND 500),
    CONSTRAINT scheduled_reels_updated_after_created CHECK (updated_at >= created_at),
    CONSTRAINT scheduled_reels_failure_complete CHECK ((failed_at IS NULL) = (failure IS NULL))
);
-- The job's walk (due first) and the owner's list (soonest first); the upload key's index serves the uploads cascade.
CREATE INDEX scheduled_reels_due ON scheduled_reels (publish_at, id);
CREATE INDEX scheduled_reels_user ON scheduled_reels (user_id, publish_at, id);
