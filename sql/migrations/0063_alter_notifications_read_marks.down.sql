CREATE INDEX IF NOT EXISTS notifications_user_inbox ON notifications (user_id, is_read, created_at DESC, id DESC);
-- Notices below a reader's mark were read; keep them so.
UPDATE notifications n SET is_read = true
  FROM notification_read_marks m WHERE m.user_id = n.user_id AND n.seq <= m.read_through AND NOT n.is_read;
DROP INDEX IF EXISTS notifications_unread;
DROP TABLE IF EXISTS notification_read_marks;
ALTER TABLE notifications DROP COLUMN IF EXISTS seq;
DROP SEQUENCE IF EXISTS notification_seq;
