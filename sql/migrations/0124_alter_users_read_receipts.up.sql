-- Read receipts can be turned off (docs/messages.md "Read receipts"), as on Instagram: off, the other members of one's
-- threads do not see one's read marks (conversation_participants.read_through_id / read_at are still kept, for one's own
-- unread counts). Not mutual: one still sees the others'. On by default, as before.
ALTER TABLE users ADD COLUMN show_read_receipts boolean NOT NULL DEFAULT true;
