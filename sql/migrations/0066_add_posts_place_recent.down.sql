DROP INDEX IF EXISTS posts_place_recent;
