DROP INDEX IF EXISTS posts_live_recent;
