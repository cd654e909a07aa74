DROP TABLE IF EXISTS deleted_post_media;
