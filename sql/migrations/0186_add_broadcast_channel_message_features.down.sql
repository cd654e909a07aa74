-- Edits, replies, pins and the removed members' list go: the messages stay, as they were before any of them.
DROP INDEX broadcast_channel_members_removed;
DROP INDEX broadcast_channel_messages_pins;
DROP INDEX broadcast_channel_messages_reply_to;
ALTER TABLE broadcast_channel_messages
    DROP CONSTRAINT broadcast_channel_messages_pinned,
    DROP CONSTRAINT broadcast_channel_messages_poll_not_reply,
    DROP CONSTRAINT broadcast_channel_messages_reply,
    DROP CONSTRAINT broadcast_channel_messages_edited,
    DROP COLUMN pinned_at,
    DROP COLUMN is_reply,
    DROP COLUMN reply_to_id,
    DROP COLUMN edited_at;
