-- Sharing a post to one's story (docs/stories.md "Shared posts"), as Instagram's "Add post to your story": the story shows
-- the post as a card its viewers open, while they may see the post. One per story, so a column; ON DELETE SET NULL, since
-- a post deleted for good (an account purge) takes the card off and leaves the story. stories_shared_post serves that key.
-- users.allow_story_reshares is Instagram's "Allow sharing to story": off, others cannot put the account's posts on their
-- stories (its own always can). The seed had neither.
ALTER TABLE stories ADD COLUMN shared_post_id uuid REFERENCES posts (id) ON DELETE SET NULL;
CREATE INDEX stories_shared_post ON stories (shared_post_id) WHERE shared_post_id IS NOT NULL;
ALTER TABLE users ADD COLUMN allow_story_reshares boolean NOT NULL DEFAULT true;
