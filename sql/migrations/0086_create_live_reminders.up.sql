-- "Remind me" for scheduled broadcasts (docs/live.md "Reminders"): an account that asked to be reminded gets the
-- live_started notice when the broadcast starts, whether or not it follows the broadcaster. The seed had scheduled
-- broadcasts (live_streams.scheduled_at) but no way to wait for one. The key serves the notice's recipients and the
-- broadcaster's count; live_reminders_user the account's own list (export).
CREATE TABLE live_reminders (
    stream_id  uuid NOT NULL REFERENCES live_streams (id) ON DELETE CASCADE,
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT live_reminders_pkey PRIMARY KEY (stream_id, user_id)
);
CREATE INDEX live_reminders_user ON live_reminders (user_id, created_at DESC, stream_id DESC);
