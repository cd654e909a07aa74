-- Recently deleted (docs/posts.md "Recently deleted"): a post its author deletes can be restored by them until
-- restorable_until (Posts:RestoreWindow after the deletion, 30 days by default). NULL on a live post and on a deleted one
-- that cannot come back: taken down by a moderator, deleted with its account, deleted for good from the list, or past its
-- window (post-media-cleanup clears it when it claims the post). Posts deleted before this migration stay as they were.
ALTER TABLE posts ADD COLUMN restorable_until timestamptz;
ALTER TABLE posts ADD CONSTRAINT posts_restorable_while_deleted
    CHECK (restorable_until IS NULL OR (deleted_at IS NOT NULL AND media_purged_at IS NULL AND restorable_until > deleted_at));

-- The owner's list, most recently deleted first.
CREATE INDEX posts_recently_deleted ON posts (user_id, deleted_at DESC, id DESC) WHERE restorable_until IS NOT NULL;

-- post-media-cleanup's two work lists: deleted posts that cannot be restored, past Posts:DeletedMediaGrace (0030's index,
-- now without the restorable ones, which would otherwise be read again on every run for a month), and restorable posts
-- whose window has ended.
DROP INDEX posts_media_to_purge;
CREATE INDEX posts_media_to_purge ON posts (deleted_at)
    WHERE deleted_at IS NOT NULL AND media_purged_at IS NULL AND restorable_until IS NULL;
CREATE INDEX posts_restore_ends ON posts (restorable_until) WHERE restorable_until IS NOT NULL;
