-- Reporting and moderation (docs/moderation.md). The reports table (0008) had no API: now people report accounts and
-- content, see what became of their reports, and moderators work the queue. Comments of long-form videos (0080) can be
-- reported too. reports_reporter pages a reporter's own reports, newest first (the unique key leads by reporter but is
-- ordered by target). moderators lists the accounts that may work the queue; operators grant it (docs/deploy.md).
ALTER TABLE reports DROP CONSTRAINT reports_target_type_check,
    ADD CONSTRAINT reports_target_type_check CHECK (target_type IN ('user', 'post', 'comment', 'reel', 'reel_comment', 'story',
        'igtv_video', 'igtv_comment', 'message', 'live_stream', 'product'));
CREATE INDEX reports_reporter ON reports (reporter_id, created_at DESC, id DESC) WHERE reporter_id IS NOT NULL;

CREATE TABLE moderators (
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT moderators_pkey PRIMARY KEY (user_id)
);
