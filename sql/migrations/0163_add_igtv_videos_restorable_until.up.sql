-- Recently deleted long-form videos (docs/videos.md "Recently deleted"), as reels (0162): a video its author deletes can be
-- restored by them until restorable_until (Videos:RestoreWindow after the deletion, 30 days by default); NULL on a live
-- video and on a final deletion. Its video and cover uploads are released for media-cleanup as of restorable_until.
ALTER TABLE igtv_videos ADD COLUMN restorable_until timestamptz;
ALTER TABLE igtv_videos ADD CONSTRAINT igtv_videos_restorable_while_deleted
    CHECK (restorable_until IS NULL OR (deleted_at IS NOT NULL AND restorable_until > deleted_at));

-- The owner's list, most recently deleted first.
CREATE INDEX igtv_videos_recently_deleted ON igtv_videos (user_id, deleted_at DESC, id DESC) WHERE restorable_until IS NOT NULL;
