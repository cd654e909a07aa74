-- A reel's cover picture (docs/reels.md "Covers"), as for long-form videos (0096): the owner uploads one with purpose
-- 'cover', since nothing here decodes a frame of the reel; the seed's reels.thumbnail_url is kept as thumbnail_blob_name.
-- UNIQUE: one upload backs one cover (and its index serves the foreign key); SET NULL as for videos.
ALTER TABLE reels ADD COLUMN thumbnail_upload_id uuid
    CONSTRAINT reels_thumbnail_upload_id_key UNIQUE REFERENCES uploads (id) ON DELETE SET NULL;
