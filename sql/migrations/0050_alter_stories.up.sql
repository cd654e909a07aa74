-- What stories, highlights and story mentions need on top of the data model (0004, 0005, 0007); see docs/stories.md.

-- The story-expiry job removed the story's media objects: a deleted story at once, an expired one in
-- no highlight after Stories:ExpiredMediaGrace. Set in the transaction that deleted them, so a story
-- being added to a highlight (which locks the row and requires this to be NULL) and the job never race.
ALTER TABLE stories ADD COLUMN media_deleted_at timestamptz;
-- The job's two work lists.
CREATE INDEX stories_media_to_expire ON stories (expires_at) WHERE media_deleted_at IS NULL;
CREATE INDEX stories_media_of_deleted ON stories (deleted_at) WHERE deleted_at IS NOT NULL AND media_deleted_at IS NULL;

-- @username mentions in a story (the seed has post and comment mentions only). The mentioned user is
-- notified (story_mention) when they may see the story.
CREATE TABLE story_mentions (
    story_id   uuid NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT story_mentions_pkey PRIMARY KEY (story_id, user_id)
);
CREATE INDEX story_mentions_user ON story_mentions (user_id, created_at DESC, story_id DESC);

-- A highlight's cover is one of its stories (as a collection's cover is one of its posts): removing the
-- story from the highlight, or deleting it, clears the cover and readers fall back to the first story.
ALTER TABLE highlights ADD COLUMN cover_story_id uuid;
ALTER TABLE highlights ADD CONSTRAINT highlights_cover_fkey FOREIGN KEY (id, cover_story_id)
    REFERENCES highlight_stories (highlight_id, story_id) ON DELETE SET NULL (cover_story_id);

-- Music search: ILIKE '%term%' on title or artist, index-assisted through pg_trgm (0001).
CREATE INDEX music_tracks_title_trgm ON music_tracks USING gin (title gin_trgm_ops);
CREATE INDEX music_tracks_artist_trgm ON music_tracks USING gin (artist gin_trgm_ops);
