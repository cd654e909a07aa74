-- Pinned chats (docs/messages.md "Pinned chats"): each participant pins up to three of their inbox threads to the top of
-- their own inbox, as on Instagram; the other people of the thread see nothing of it. pinned_at orders them (the latest
-- pinned first). Only a thread in one's inbox carries a pin: leaving a thread (or deleting a one-to-one for oneself) and
-- archiving it unpin it, and a message request cannot be pinned (the CHECK), so a pin never outlives its place in the inbox
-- and the pinned rows are what counts toward the three. The limit is kept by the pin route under an advisory lock of the
-- account (a CHECK cannot count rows). conversation_participants_pinned serves the top of the inbox and that count.
ALTER TABLE conversation_participants ADD COLUMN pinned_at timestamptz,
    ADD CONSTRAINT conversation_participants_pinned_in_inbox
        CHECK (pinned_at IS NULL OR (left_at IS NULL AND status = 'accepted' AND NOT is_archived));
CREATE INDEX conversation_participants_pinned ON conversation_participants (user_id, pinned_at DESC, conversation_id DESC)
    WHERE pinned_at IS NOT NULL;
