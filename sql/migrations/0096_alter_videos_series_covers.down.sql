ALTER TABLE igtv_series DROP COLUMN IF EXISTS cover_upload_id;
ALTER TABLE igtv_videos DROP COLUMN IF EXISTS thumbnail_upload_id;
-- Cover uploads outlive the purpose: as post images (which accept every cover type), released so that media-cleanup
-- deletes the objects no cover points at any more.
UPDATE uploads SET purpose = 'post', released_at = CASE WHEN status = 'used' THEN coalesce(released_at, now()) END
 WHERE purpose = 'cover';
ALTER TABLE uploads DROP CONSTRAINT uploads_purpose_check;
ALTER TABLE uploads ADD CONSTRAINT uploads_purpose_check
    CHECK (purpose IN ('post', 'story', 'reel', 'video', 'avatar', 'message', 'product'));
