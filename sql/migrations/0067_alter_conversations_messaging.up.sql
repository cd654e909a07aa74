-- Direct messages get their API (docs/messages.md). Two changes to the tables of 0006:
--
-- 1. Message requests. A participant's copy of a thread is 'accepted' (in their inbox) or a 'request'
--    (a stranger wrote: it waits in the requests folder until they accept or answer, and the sender
--    does not learn whether it was read). A participant joins as 'accepted' when they follow the
--    person who started or added them to the thread.
--
-- 2. Read receipts become a watermark per participant instead of message_reads' row per message and
--    reader. "Seen" and unread counts only ever need the newest message a participant has read: with
--    a row per message, marking a busy group read wrote one row per unread message and reader, and an
--    inbox page counted unread messages with an anti-join over each whole thread. The watermark is a
--    keyset position (read_through_at, read_through_id) of the messages index, so an unread count is a
--    range scan of the messages after it, and read_at says when the participant got there. It is a
--    position, not a reference: an unsent message leaves it standing.
ALTER TABLE conversation_participants
    ADD COLUMN status text NOT NULL DEFAULT 'accepted' CHECK (status IN ('accepted', 'request')),
    ADD COLUMN read_through_at timestamptz,
    ADD COLUMN read_through_id uuid,
    ADD COLUMN read_at timestamptz;
ALTER TABLE conversation_participants ADD CONSTRAINT conversation_participants_read_mark_whole
    CHECK ((read_through_at IS NULL) = (read_through_id IS NULL) AND (read_through_at IS NULL) = (read_at IS NULL));

DROP TABLE message_reads;
