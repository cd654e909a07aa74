-- Stats rows the up added for hashtags only reels carried stay (post_count 0, which every read treats as no row).
ALTER TABLE hashtag_stats DROP COLUMN reel_count;
