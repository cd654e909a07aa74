-- One upload backs one cover, as before, but through partial unique indexes instead of UNIQUE constraints (same names).
-- PostgreSQL treats a column of a plain unique index as a key: an UPDATE that changes it takes the row's strongest lock,
-- FOR UPDATE, which conflicts with the FOR KEY SHARE every foreign key check takes. So a new cover waited for each like,
-- save, comment or view in flight on the reel or video, and with a deletion moving the row on between them, a cover and
-- a save waited for each other until one was aborted (a 503). Partial and expression indexes are not keys, so a cover
-- change now takes FOR NO KEY UPDATE like any other edit (docs/data-model.md "Row locks"; OwnerEditLockTests).
-- The partial index still serves each foreign key's ON DELETE SET NULL lookup (column = id implies IS NOT NULL).
ALTER TABLE reels DROP CONSTRAINT reels_thumbnail_upload_id_key;
CREATE UNIQUE INDEX reels_thumbnail_upload_id_key ON reels (thumbnail_upload_id) WHERE thumbnail_upload_id IS NOT NULL;
ALTER TABLE igtv_videos DROP CONSTRAINT igtv_videos_thumbnail_upload_id_key;
CREATE UNIQUE INDEX igtv_videos_thumbnail_upload_id_key ON igtv_videos (thumbnail_upload_id) WHERE thumbnail_upload_id IS NOT NULL;
ALTER TABLE igtv_series DROP CONSTRAINT igtv_series_cover_upload_id_key;
CREATE UNIQUE INDEX igtv_series_cover_upload_id_key ON igtv_series (cover_upload_id) WHERE cover_upload_id IS NOT NULL;
