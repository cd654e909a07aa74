DROP INDEX IF EXISTS reels_live_recent;
DROP TABLE IF EXISTS reel_views;
