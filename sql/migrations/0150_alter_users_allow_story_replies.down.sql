ALTER TABLE users DROP COLUMN allow_story_replies;
