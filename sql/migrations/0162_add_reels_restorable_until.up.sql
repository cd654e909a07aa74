-- Recently deleted reels (docs/reels.md "Recently deleted"): a reel its author deletes can be restored by them until
-- restorable_until (Reels:RestoreWindow after the deletion, 30 days by default); NULL on a live reel and on a deletion that
-- is final (a moderator's takedown, the account's purge, deleted for good, or past its window). The reel's video and cover
-- uploads are released for media-cleanup as of restorable_until (uploads.released_at may lie ahead), so their objects wait.
ALTER TABLE reels ADD COLUMN restorable_until timestamptz;
ALTER TABLE reels ADD CONSTRAINT reels_restorable_while_deleted
    CHECK (restorable_until IS NULL OR (deleted_at IS NOT NULL AND restorable_until > deleted_at));

-- The owner's list, most recently deleted first.
CREATE INDEX reels_recently_deleted ON reels (user_id, deleted_at DESC, id DESC) WHERE restorable_until IS NOT NULL;
