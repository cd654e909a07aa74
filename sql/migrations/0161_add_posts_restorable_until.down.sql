-- Restorable posts become ordinary deleted ones (their objects go at post-media-cleanup's next run past the grace).
DROP INDEX posts_restore_ends;
DROP INDEX posts_media_to_purge;
CREATE INDEX posts_media_to_purge ON posts (deleted_at) WHERE deleted_at IS NOT NULL AND media_purged_at IS NULL;
DROP INDEX posts_recently_deleted;
ALTER TABLE posts DROP CONSTRAINT posts_restorable_while_deleted;
ALTER TABLE posts DROP COLUMN restorable_until;
