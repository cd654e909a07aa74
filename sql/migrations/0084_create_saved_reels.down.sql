DROP TABLE IF EXISTS saved_reels;
