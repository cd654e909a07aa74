-- Pinned comments (docs/posts.md "Comments"): a post's author pins up to three of its top-level comments, which then
-- lead its comment list, as on Instagram. The seed had no way to pin. pinned_at orders the pinned (most recent pin first);
-- only top-level comments can be pinned (CHECK). The partial index finds a post's pinned comments for every first page
-- and for the limit of three; it holds only pinned rows.
ALTER TABLE comments ADD COLUMN pinned_at timestamptz,
    ADD CONSTRAINT comments_pinned_top_level CHECK (pinned_at IS NULL OR parent_id IS NULL);
CREATE INDEX comments_post_pinned ON comments (post_id, pinned_at DESC, id DESC) WHERE pinned_at IS NOT NULL;
