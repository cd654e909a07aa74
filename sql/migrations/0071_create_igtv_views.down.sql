DROP INDEX IF EXISTS igtv_videos_drafts;
DROP TABLE IF EXISTS igtv_views;
