DROP INDEX IF EXISTS post_hashtags_author;
