-- Held posts become ordinary deleted ones (their objects go at post-media-cleanup's next run past the grace).
DROP INDEX posts_media_holds_end;
DROP INDEX posts_media_to_purge;
CREATE INDEX posts_media_to_purge ON posts (deleted_at)
    WHERE deleted_at IS NOT NULL AND media_purged_at IS NULL AND restorable_until IS NULL;
ALTER TABLE posts DROP CONSTRAINT posts_media_held_while_deleted;
ALTER TABLE posts DROP COLUMN media_held_until;
DROP TABLE content_removals;
