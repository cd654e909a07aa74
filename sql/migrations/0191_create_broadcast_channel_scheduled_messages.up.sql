-- Scheduled messages of broadcast channels (docs/messages.md "Scheduled messages"): a message a host (the owner or a
-- co-host) writes now and the scheduled-channel-messages job posts at publish_at, as scheduled posts (0157) and reels
-- (0172) wait outside their tables. It lives here, outside broadcast_channel_messages, so no read of the channel (its
-- messages, unread counts, pins) can show it early. Its upload is claimed when it is scheduled (validated, marked used: it
-- cannot expire or be attached elsewhere meanwhile); cancelling, or dropping it (the channel ended, the sender no longer
-- a host), releases it for clean-up. Publishing inserts the ordinary message and deletes this row in one transaction.
CREATE TABLE broadcast_channel_scheduled_messages (
    id              uuid PRIMARY KEY,
    channel_id      uuid NOT NULL CONSTRAINT broadcast_channel_scheduled_messages_channel_fkey
                    REFERENCES broadcast_channels (id) ON DELETE CASCADE,
    sender_id       uuid NOT NULL CONSTRAINT broadcast_channel_scheduled_messages_sender_fkey REFERENCES users (id) ON DELETE CASCADE,
    publish_at      timestamptz NOT NULL,
    content         text,
    -- One upload serves one scheduled message (and, once published, one message); cascading as scheduled_reels.upload_id.
    upload_id       uuid CONSTRAINT broadcast_channel_scheduled_messages_upload_key UNIQUE
                    CONSTRAINT broadcast_channel_scheduled_messages_upload_fkey REFERENCES uploads (id) ON DELETE CASCADE,
    media_type      text,
    media_blob_name text,
    poll_question   text,
    poll_options    text[],
    created_at      timestamptz NOT NULL,
    -- The last time the job could not publish it, and why, shown to its sender until a later run succeeds.
    failed_at       timestamptz,
    failure         text,
    -- The message's rules, as broadcast_channel_messages states them (0181).
    CONSTRAINT broadcast_channel_scheduled_messages_content_length CHECK (char_length(content) BETWEEN 1 AND 1000),
    CONSTRAINT broadcast_channel_scheduled_messages_media_type CHECK (media_type IN ('image', 'video', 'audio')),
    CONSTRAINT broadcast_channel_scheduled_messages_media_whole CHECK ((media_type IS NULL) = (media_blob_name IS NULL)
        AND (media_type IS NULL) = (upload_id IS NULL)),
    CONSTRAINT broadcast_channel_scheduled_messages_poll_whole CHECK ((poll_question IS NULL) = (poll_options IS NULL)),
    CONSTRAINT broadcast_channel_scheduled_messages_poll_question CHECK (char_length(poll_question) BETWEEN 1 AND 200),
    CONSTRAINT broadcast_channel_scheduled_messages_poll_options
        CHECK (cardinality(poll_options) BETWEEN 2 AND 4 AND array_position(poll_options, NULL) IS NULL),
    CONSTRAINT broadcast_channel_scheduled_messages_poll_alone CHECK (poll_question IS NULL OR (content IS NULL AND media_type IS NULL)),
    CONSTRAINT broadcast_channel_scheduled_messages_not_empty
        CHECK (content IS NOT NULL OR media_type IS NOT NULL OR poll_question IS NOT NULL),
    CONSTRAINT broadcast_channel_scheduled_messages_failure_check CHECK (char_length(failure) BETWEEN 1 AND 500),
    CONSTRAINT broadcast_channel_scheduled_messages_failure_complete CHECK ((failed_at IS NULL) = (failure IS NULL))
);
-- The job's walk (due first); a channel's list and its cap (soonest first); the sender's export and the users cascade.
CREATE INDEX broadcast_channel_scheduled_messages_due ON broadcast_channel_scheduled_messages (publish_at, id);
CREATE INDEX broadcast_channel_scheduled_messages_channel ON broadcast_channel_scheduled_messages (channel_id, publish_at, id);
CREATE INDEX broadcast_channel_scheduled_messages_sender ON broadcast_channel_scheduled_messages (sender_id, publish_at, id);
