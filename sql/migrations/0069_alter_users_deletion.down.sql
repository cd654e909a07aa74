DROP INDEX IF EXISTS users_deleted;
ALTER TABLE users DROP CONSTRAINT IF EXISTS users_purge_quiet_after_start;
ALTER TABLE users DROP CONSTRAINT IF EXISTS users_purge_only_when_deleted;
ALTER TABLE users DROP COLUMN IF EXISTS purge_quiet_at, DROP COLUMN IF EXISTS purge_started_at;
