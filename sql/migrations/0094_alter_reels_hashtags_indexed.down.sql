DROP INDEX IF EXISTS reels_hashtags_pending;
ALTER TABLE reels DROP COLUMN IF EXISTS hashtags_indexed;
