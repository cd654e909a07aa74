DROP INDEX stories_shared_reel;
ALTER TABLE stories DROP CONSTRAINT stories_one_shared_thing, DROP COLUMN shared_reel_id;
