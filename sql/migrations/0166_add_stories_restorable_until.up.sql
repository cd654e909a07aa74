-- Recently deleted stories (docs/stories.md "Recently deleted"): a story its owner deletes can be restored by them until
-- restorable_until (Stories:RestoreWindow after the deletion, 30 days by default, as every story is archived), its media
-- kept meanwhile: story-expiry takes a deleted story's media only once it cannot come back. NULL on a live story and on a
-- deleted one that cannot: taken down by a moderator, deleted with its account, deleted for good, or past its window
-- (story-expiry clears it with the media). Stories deleted before this migration stay as they were.
ALTER TABLE stories ADD COLUMN restorable_until timestamptz;
ALTER TABLE stories ADD CONSTRAINT stories_restorable_while_deleted
    CHECK (restorable_until IS NULL OR (deleted_at IS NOT NULL AND media_deleted_at IS NULL AND restorable_until > deleted_at));

-- The owner's list, most recently deleted first.
CREATE INDEX stories_recently_deleted ON stories (user_id, deleted_at DESC, id DESC) WHERE restorable_until IS NOT NULL;
