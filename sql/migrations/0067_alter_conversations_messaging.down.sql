CREATE TABLE IF NOT EXISTS message_reads (
    message_id uuid NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    read_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT message_reads_pkey PRIMARY KEY (message_id, user_id)
);
CREATE INDEX IF NOT EXISTS message_reads_user ON message_reads (user_id, message_id);

ALTER TABLE conversation_participants DROP CONSTRAINT IF EXISTS conversation_participants_read_mark_whole;
ALTER TABLE conversation_participants
    DROP COLUMN IF EXISTS read_at,
    DROP COLUMN IF EXISTS read_through_id,
    DROP COLUMN IF EXISTS read_through_at,
    DROP COLUMN IF EXISTS status;
