-- Where a deleted story was in highlights (docs/stories.md "Highlights"), so restoring it puts it back. Deleting a story
-- (its owner's deletion, or a moderator's takedown) still takes it out of highlight_stories at once, so no read, count or
-- cover of a highlight can show it meanwhile; its links move here instead, with when each was added and whether it was
-- the highlight's cover. The owner's restore from "Recently deleted" and a reversed appeal move them back. A row goes with
-- its highlight (the owner deleted it: it is not resurrected), with its story or account (the cascades), and when the
-- story can no longer come back (deleted for good, made final, or its media removed by story-expiry). A story's place in a
-- highlight is its creation time (highlights play in that order), so the link itself is all there is to keep.
CREATE TABLE deleted_highlight_stories (
    highlight_id uuid NOT NULL,
    story_id     uuid NOT NULL,
    -- The owner of both, as in highlight_stories: the two composite keys keep a highlight to its owner's stories.
    user_id      uuid NOT NULL,
    -- When the story was first added (kept across the round trip, as the link was).
    added_at     timestamptz NOT NULL,
    -- Whether it was the highlight's chosen cover: restored as the cover unless the owner chose another meanwhile.
    was_cover    boolean NOT NULL,
    -- When it left, with its story's deletion.
    deleted_at   timestamptz NOT NULL,
    CONSTRAINT deleted_highlight_stories_pkey PRIMARY KEY (highlight_id, story_id),
    CONSTRAINT deleted_highlight_stories_highlight_fkey FOREIGN KEY (highlight_id, user_id)
        REFERENCES highlights (id, user_id) ON DELETE CASCADE,
    CONSTRAINT deleted_highlight_stories_story_fkey FOREIGN KEY (story_id, user_id)
        REFERENCES stories (id, user_id) ON DELETE CASCADE
);
-- Restoring a story and forgetting its places look it up by story; also serves the story cascade.
CREATE INDEX deleted_highlight_stories_story ON deleted_highlight_stories (story_id);
