ALTER TABLE live_comments DROP COLUMN held_at;
