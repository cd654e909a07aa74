DROP INDEX IF EXISTS uploads_released_objects;
ALTER TABLE uploads DROP CONSTRAINT IF EXISTS uploads_released_only_when_used;
ALTER TABLE uploads DROP COLUMN IF EXISTS released_at;
DROP INDEX IF EXISTS users_avatar_upload;
ALTER TABLE users DROP CONSTRAINT IF EXISTS users_avatar_with_upload;
ALTER TABLE users DROP COLUMN IF EXISTS avatar_upload_id;
