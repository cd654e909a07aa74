-- What the media flow (docs/media.md) needs on top of the data model's uploads table (0004).
-- object_deleted_at: the store confirmed the deletion of a rejected or expired slot's object after its
-- upload URL died, so the clean-up job can retry until it does and then never look at the row again.
ALTER TABLE uploads ADD COLUMN object_deleted_at timestamptz;

-- The per-user cap on pending slots counts these rows.
CREATE INDEX uploads_user_pending ON uploads (user_id, expires_at) WHERE status = 'pending';
-- The clean-up job's second work list: dead objects not yet confirmed deleted.
CREATE INDEX uploads_objects_to_delete ON uploads (expires_at)
    WHERE status IN ('rejected', 'expired') AND object_deleted_at IS NULL;
