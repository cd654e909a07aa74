ALTER TABLE igtv_videos DROP COLUMN IF EXISTS comments_disabled;
