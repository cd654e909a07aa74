-- Restorable stories become ordinary deleted ones (their media go at story-expiry's next run).
DROP INDEX stories_recently_deleted;
ALTER TABLE stories DROP CONSTRAINT stories_restorable_while_deleted;
ALTER TABLE stories DROP COLUMN restorable_until;
