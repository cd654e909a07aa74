-- Back to 0096's and 0097's UNIQUE constraints (the same rows are allowed: NULLs never collided).
DROP INDEX igtv_series_cover_upload_id_key;
ALTER TABLE igtv_series ADD CONSTRAINT igtv_series_cover_upload_id_key UNIQUE (cover_upload_id);
DROP INDEX igtv_videos_thumbnail_upload_id_key;
ALTER TABLE igtv_videos ADD CONSTRAINT igtv_videos_thumbnail_upload_id_key UNIQUE (thumbnail_upload_id);
DROP INDEX reels_thumbnail_upload_id_key;
ALTER TABLE reels ADD CONSTRAINT reels_thumbnail_upload_id_key UNIQUE (thumbnail_upload_id);
