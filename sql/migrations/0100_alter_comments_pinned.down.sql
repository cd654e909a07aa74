DROP INDEX IF EXISTS comments_post_pinned;
ALTER TABLE comments DROP CONSTRAINT IF EXISTS comments_pinned_top_level, DROP COLUMN IF EXISTS pinned_at;
