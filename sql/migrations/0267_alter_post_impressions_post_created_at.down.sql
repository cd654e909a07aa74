CREATE INDEX IF NOT EXISTS post_impressions_first_seen ON post_impressions (first_seen_at);
DROP INDEX IF EXISTS post_impressions_post_created;
ALTER TABLE post_impressions DROP COLUMN IF EXISTS post_created_at;
