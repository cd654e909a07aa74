-- Pinned comments on reels and long-form videos (docs/reels.md "Comments", docs/videos.md "Comments"), as on posts
-- (migration 0100): the author of the reel or video pins up to three top-level comments, which lead the first page.
ALTER TABLE reel_comments ADD COLUMN pinned_at timestamptz,
    ADD CONSTRAINT reel_comments_pinned_top_level CHECK (pinned_at IS NULL OR parent_id IS NULL);
CREATE INDEX reel_comments_pinned ON reel_comments (reel_id, pinned_at DESC, id DESC) WHERE pinned_at IS NOT NULL;

ALTER TABLE igtv_comments ADD COLUMN pinned_at timestamptz,
    ADD CONSTRAINT igtv_comments_pinned_top_level CHECK (pinned_at IS NULL OR parent_id IS NULL);
CREATE INDEX igtv_comments_pinned ON igtv_comments (video_id, pinned_at DESC, id DESC) WHERE pinned_at IS NOT NULL;
