-- Cover pictures for long-form videos and series (docs/videos.md "Covers"). The seed has the columns
-- (igtv_videos.thumbnail_url, igtv_series.cover_image_url, kept here as thumbnail_blob_name and cover_blob_name), but
-- nothing here decodes video frames, so they stayed empty. The owner uploads a picture instead, as Instagram lets a
-- creator pick a cover from the camera roll: a new upload purpose 'cover' (images only), claimed and validated like any
-- other, and a reference from the video or series to the upload behind its cover, so that a replaced or deleted cover's
-- upload can be released to media-cleanup and its read URL signed with the validated content type.
ALTER TABLE uploads DROP CONSTRAINT uploads_purpose_check;
ALTER TABLE uploads ADD CONSTRAINT uploads_purpose_check
    CHECK (purpose IN ('post', 'story', 'reel', 'video', 'avatar', 'message', 'product', 'cover'));

-- UNIQUE: one upload backs one cover (and the constraint's index serves the foreign key). SET NULL: an upload row goes
-- only with its owner's purge, which takes the videos and series with it.
ALTER TABLE igtv_videos ADD COLUMN thumbnail_upload_id uuid
    CONSTRAINT igtv_videos_thumbnail_upload_id_key UNIQUE REFERENCES uploads (id) ON DELETE SET NULL;
ALTER TABLE igtv_series ADD COLUMN cover_upload_id uuid
    CONSTRAINT igtv_series_cover_upload_id_key UNIQUE REFERENCES uploads (id) ON DELETE SET NULL;
