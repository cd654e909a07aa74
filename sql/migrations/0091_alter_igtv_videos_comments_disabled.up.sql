-- Turning comments off on a long-form video (docs/videos.md "Comments"), as reels and posts can: comments came with
-- migration 0080 but no switch. A constant default: no table rewrite.
ALTER TABLE igtv_videos ADD COLUMN comments_disabled boolean NOT NULL DEFAULT false;
