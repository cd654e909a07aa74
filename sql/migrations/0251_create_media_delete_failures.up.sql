-- Deletes the media store refused (a Blob lease, a retention policy), one row per thing a clean-up job could not finish
-- (docs/media.md "Refused deletes"): which job, which upload, post or story (subject_id; no foreign key, as the three
-- jobs' subjects live in three tables and the record must outlive nothing but its own success), which object refused last,
-- how often, when first and last, and the store's last answer. The job backs off (next_attempt_at, doubling from its
-- interval up to Media:DeleteRetryCap) and after Media:DeleteMaxAttempts gives up (dead_at, next_attempt_at cleared) until a
-- moderator retries it; a delete that succeeds removes the row. Before, such an object was retried and logged as an error
-- on every run, forever, with nothing an operator could list.
CREATE TABLE media_delete_failures (
    id              uuid NOT NULL,
    job             text NOT NULL,
    subject_id      uuid NOT NULL,
    object_name     text NOT NULL,
    attempts        integer NOT NULL,
    first_failed_at timestamptz NOT NULL,
    last_failed_at  timestamptz NOT NULL,
    next_attempt_at timestamptz,
    dead_at         timestamptz,
    last_error      text NOT NULL,
    CONSTRAINT media_delete_failures_pkey PRIMARY KEY (id),
    CONSTRAINT media_delete_failures_subject_unique UNIQUE (subject_id, job),
    CONSTRAINT media_delete_failures_job_check CHECK (job IN ('media-cleanup', 'post-media-cleanup', 'story-expiry')),
    CONSTRAINT media_delete_failures_object_check CHECK (char_length(object_name) BETWEEN 1 AND 1024),
    CONSTRAINT media_delete_failures_attempts_check CHECK (attempts >= 1),
    CONSTRAINT media_delete_failures_failed_order CHECK (last_failed_at >= first_failed_at),
    CONSTRAINT media_delete_failures_dead_or_due CHECK ((dead_at IS NULL) <> (next_attempt_at IS NULL)),
    CONSTRAINT media_delete_failures_error_check CHECK (char_length(last_error) BETWEEN 1 AND 1000)
);
-- The moderators' list, newest first (GET /api/v1/moderation/media-deletes). The jobs look rows up by subject, through
-- the unique constraint's index.
CREATE INDEX media_delete_failures_recent ON media_delete_failures (first_failed_at, id);
