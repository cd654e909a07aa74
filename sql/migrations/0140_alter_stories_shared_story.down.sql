DROP INDEX stories_shared_story;
ALTER TABLE stories DROP CONSTRAINT stories_shared_story_not_itself,
    DROP CONSTRAINT stories_one_shared_thing,
    DROP COLUMN shared_story_id,
    ADD CONSTRAINT stories_one_shared_thing CHECK (shared_post_id IS NULL OR shared_reel_id IS NULL);
