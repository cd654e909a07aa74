DROP INDEX IF EXISTS reel_hashtags_author;
ALTER TABLE reel_hashtags ADD CONSTRAINT reel_hashtags_reel_id_fkey FOREIGN KEY (reel_id) REFERENCES reels (id) ON DELETE CASCADE;
ALTER TABLE reel_hashtags DROP CONSTRAINT IF EXISTS reel_hashtags_reel_fkey;
ALTER TABLE reel_hashtags DROP COLUMN IF EXISTS author_id;
ALTER TABLE reels DROP CONSTRAINT IF EXISTS reels_id_user_key;
