DROP INDEX IF EXISTS uploads_objects_to_delete;
DROP INDEX IF EXISTS uploads_user_pending;
ALTER TABLE uploads DROP COLUMN IF EXISTS object_deleted_at;
