ALTER TABLE reels DROP COLUMN IF EXISTS thumbnail_upload_id;
