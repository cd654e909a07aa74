-- Restorable reels become ordinary deleted ones; their uploads stay released as of the end of their window.
DROP INDEX reels_recently_deleted;
ALTER TABLE reels DROP CONSTRAINT reels_restorable_while_deleted;
ALTER TABLE reels DROP COLUMN restorable_until;
