-- Appeals of removed stories (docs/moderation.md "Removed content and appeals"): a story a moderator took down keeps its
-- media until media_held_until (the appeal window's end; 'infinity' while an appeal is open), so that a reversed appeal
-- brings it back whole; story-expiry takes a deleted story's media only once no hold stands, clearing the column with them.
ALTER TABLE stories ADD COLUMN media_held_until timestamptz;
ALTER TABLE stories ADD CONSTRAINT stories_media_held_while_deleted
    CHECK (media_held_until IS NULL OR (deleted_at IS NOT NULL AND media_deleted_at IS NULL));
