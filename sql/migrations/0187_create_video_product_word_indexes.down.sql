DROP INDEX IF EXISTS products_words;
DROP INDEX IF EXISTS igtv_videos_words;
