DROP INDEX IF EXISTS posts_live_recent_utc;
CREATE INDEX posts_live_recent ON posts (created_at DESC, id DESC) WHERE deleted_at IS NULL AND NOT is_archived;
