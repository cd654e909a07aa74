DROP TABLE IF EXISTS reel_hashtags;
