ALTER TABLE reel_stats DROP COLUMN remix_count;
