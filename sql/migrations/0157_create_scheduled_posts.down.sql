DROP TABLE IF EXISTS scheduled_post_media;
DROP TABLE IF EXISTS scheduled_posts;
