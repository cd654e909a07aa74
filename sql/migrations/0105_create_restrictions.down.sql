DROP INDEX IF EXISTS igtv_comments_held;
DROP INDEX IF EXISTS reel_comments_held;
DROP INDEX IF EXISTS comments_post_held;
ALTER TABLE igtv_comments DROP COLUMN IF EXISTS held_at;
ALTER TABLE reel_comments DROP COLUMN IF EXISTS held_at;
ALTER TABLE comments DROP COLUMN IF EXISTS held_at;
DROP TABLE IF EXISTS restrictions;
