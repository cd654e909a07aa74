-- "Hide like and share counts" (docs/posts.md "Hiding like and share counts"), Instagram's viewer-side switch: off, the
-- account is shown no like counts on other accounts' posts, reels and videos and no share counts on their reels and videos.
-- Its own content keeps its counts, and an author's per-post switch (likes_disabled) is another matter. On by default.
ALTER TABLE users ADD COLUMN show_like_counts boolean NOT NULL DEFAULT true;
