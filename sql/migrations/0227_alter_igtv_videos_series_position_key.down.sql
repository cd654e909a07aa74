-- Back to 0092's UNIQUE constraint (the same rows are allowed: NULLs never collided under either).
ALTER TABLE igtv_videos DROP CONSTRAINT igtv_videos_series_position_key;
ALTER TABLE igtv_videos ADD CONSTRAINT igtv_videos_series_position_key
    UNIQUE (series_id, series_position) DEFERRABLE INITIALLY IMMEDIATE;
