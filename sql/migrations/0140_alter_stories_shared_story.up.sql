-- Adding a story one is mentioned in to one's own story (docs/stories.md "Shared posts and reels"), as Instagram's "Add
-- this to your story": the new story shows the one that mentioned its author, to its viewers while they may see that
-- story. A story still shares at most one thing: stories_one_shared_thing now counts the three columns. A story never
-- shares itself. ON DELETE SET NULL: a story deleted for good (an account purge) takes the card off and leaves the share;
-- stories_shared_story serves that key.
ALTER TABLE stories ADD COLUMN shared_story_id uuid REFERENCES stories (id) ON DELETE SET NULL,
    DROP CONSTRAINT stories_one_shared_thing,
    ADD CONSTRAINT stories_one_shared_thing CHECK (num_nonnulls(shared_post_id, shared_reel_id, shared_story_id) <= 1),
    ADD CONSTRAINT stories_shared_story_not_itself CHECK (shared_story_id <> id);
CREATE INDEX stories_shared_story ON stories (shared_story_id) WHERE shared_story_id IS NOT NULL;
