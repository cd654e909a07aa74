-- Held stories become ordinary deleted ones (their media go at story-expiry's next run).
ALTER TABLE stories DROP CONSTRAINT stories_media_held_while_deleted;
ALTER TABLE stories DROP COLUMN media_held_until;
