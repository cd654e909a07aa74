CREATE INDEX IF NOT EXISTS igtv_videos_series ON igtv_videos (series_id, published_at DESC, id DESC) WHERE series_id IS NOT NULL;
ALTER TABLE igtv_videos DROP CONSTRAINT IF EXISTS igtv_videos_series_position_key;
ALTER TABLE igtv_videos DROP CONSTRAINT IF EXISTS igtv_videos_series_position_in_series;
ALTER TABLE igtv_videos DROP COLUMN IF EXISTS series_position;
