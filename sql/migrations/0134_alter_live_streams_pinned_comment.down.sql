DROP INDEX IF EXISTS live_streams_pinned_comment;
ALTER TABLE live_streams DROP COLUMN IF EXISTS pinned_comment_id;
