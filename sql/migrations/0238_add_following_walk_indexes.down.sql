DROP INDEX IF EXISTS reel_reposts_recent;
DROP INDEX IF EXISTS igtv_videos_published_recent;
