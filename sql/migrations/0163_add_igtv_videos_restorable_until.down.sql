-- Restorable videos become ordinary deleted ones; their uploads stay released as of the end of their window.
DROP INDEX igtv_videos_recently_deleted;
ALTER TABLE igtv_videos DROP CONSTRAINT igtv_videos_restorable_while_deleted;
ALTER TABLE igtv_videos DROP COLUMN restorable_until;
