ALTER TABLE users DROP COLUMN allow_story_reshares;
DROP INDEX stories_shared_post;
ALTER TABLE stories DROP COLUMN shared_post_id;
