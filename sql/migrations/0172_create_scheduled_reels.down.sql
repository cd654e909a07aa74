DROP TABLE IF EXISTS scheduled_reels;
