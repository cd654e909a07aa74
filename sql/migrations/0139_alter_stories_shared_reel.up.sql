-- Sharing a reel to one's story (docs/stories.md "Shared posts and reels"), as for posts (0138): the story shows the reel
-- to its viewers while they may see it; users.allow_story_reshares governs reels too, as Instagram's one switch does. A
-- story shares at most one thing (stories_one_shared_thing). ON DELETE SET NULL: a reel deleted for good (an account purge)
-- takes the card off and leaves the story; stories_shared_reel serves that key.
ALTER TABLE stories ADD COLUMN shared_reel_id uuid REFERENCES reels (id) ON DELETE SET NULL,
    ADD CONSTRAINT stories_one_shared_thing CHECK (shared_post_id IS NULL OR shared_reel_id IS NULL);
CREATE INDEX stories_shared_reel ON stories (shared_reel_id) WHERE shared_reel_id IS NOT NULL;
