-- Broadcast channel messages gain edits, replies and pins, and the owner a list of the members they removed
-- (docs/messages.md "Broadcast channels").
-- edited_at: when the sender last edited the text (a text can be edited for 15 minutes; media and polls never change).
-- reply_to_id: the earlier message of the same channel a host's message answers (the API checks the channel and locks the
-- quoted message); deleting the quoted message sets it to NULL while is_reply stays, so the reply keeps saying it quoted
-- something that is gone instead of passing for a message that never quoted anything. A poll is never a reply.
-- pinned_at: when the owner pinned it (at most three per channel, counted under the channel's row lock); deleting a
-- message takes its pin with it.
ALTER TABLE broadcast_channel_messages
    ADD COLUMN edited_at timestamptz,
    ADD COLUMN reply_to_id uuid REFERENCES broadcast_channel_messages (id) ON DELETE SET NULL,
    ADD COLUMN is_reply boolean NOT NULL DEFAULT false,
    ADD COLUMN pinned_at timestamptz;
ALTER TABLE broadcast_channel_messages ADD CONSTRAINT broadcast_channel_messages_edited
    CHECK (edited_at IS NULL OR (edited_at >= created_at AND content IS NOT NULL));
ALTER TABLE broadcast_channel_messages ADD CONSTRAINT broadcast_channel_messages_reply
    CHECK ((reply_to_id IS NULL OR is_reply) AND reply_to_id <> id);
ALTER TABLE broadcast_channel_messages ADD CONSTRAINT broadcast_channel_messages_poll_not_reply CHECK (poll_question IS NULL OR NOT is_reply);
ALTER TABLE broadcast_channel_messages ADD CONSTRAINT broadcast_channel_messages_pinned CHECK (pinned_at >= created_at);

-- The replies to a deleted message, for the foreign key's SET NULL.
CREATE INDEX broadcast_channel_messages_reply_to ON broadcast_channel_messages (reply_to_id) WHERE reply_to_id IS NOT NULL;
-- A channel's pinned messages, newest pin first (GET /channels/{id}/pinned, the cap's count).
CREATE INDEX broadcast_channel_messages_pins ON broadcast_channel_messages (channel_id, pinned_at DESC, id DESC) WHERE pinned_at IS NOT NULL;
-- The owner's list of removed members, newest removal first (GET /channels/{id}/removed-members, keyset).
CREATE INDEX broadcast_channel_members_removed ON broadcast_channel_members (channel_id, removed_at DESC, user_id DESC) WHERE removed_at IS NOT NULL;
