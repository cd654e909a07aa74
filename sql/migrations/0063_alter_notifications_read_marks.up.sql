-- Mark-all-read as a watermark instead of an UPDATE of every unread notice (which took 6.6 s for an
-- account with 310,426 of them, and grows with every like a popular post draws). Each notice gets an
-- insertion number from one sequence (UUIDv7 ids are not ordered within a millisecond, and created_at is
-- the event's time, which a late delivery puts in the past); "read all" stores the last number handed out.
-- A notice is unread while NOT is_read and its number is above the reader's mark.
CREATE SEQUENCE notification_seq;
ALTER TABLE notifications ADD COLUMN seq bigint;
UPDATE notifications SET seq = nextval('notification_seq');
ALTER TABLE notifications ALTER COLUMN seq SET DEFAULT nextval('notification_seq');
ALTER TABLE notifications ALTER COLUMN seq SET NOT NULL;

CREATE TABLE notification_read_marks (
    user_id      uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    read_through bigint NOT NULL CHECK (read_through >= 0)
);

-- The unread badge: one range scan past the mark, over unread notices only. It replaces 0009's
-- (user_id, is_read, created_at DESC, id DESC), which served the count and the old mark-all-read and
-- nothing else (the inbox pages by 0021's notifications_user_recent).
CREATE INDEX notifications_unread ON notifications (user_id, seq) WHERE NOT is_read;
DROP INDEX notifications_user_inbox;
