DROP INDEX IF EXISTS igtv_comments_pinned;
ALTER TABLE igtv_comments DROP CONSTRAINT IF EXISTS igtv_comments_pinned_top_level, DROP COLUMN IF EXISTS pinned_at;
DROP INDEX IF EXISTS reel_comments_pinned;
ALTER TABLE reel_comments DROP CONSTRAINT IF EXISTS reel_comments_pinned_top_level, DROP COLUMN IF EXISTS pinned_at;
