DROP INDEX IF EXISTS live_comments_held;
