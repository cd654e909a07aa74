-- The following tabs of reels and videos (docs/reels.md "Following", docs/videos.md "Following") first walk the newest
-- rows of the whole table and keep those of followed accounts, and probe each followed account only when that walk, as
-- long as the reader follows accounts, did not fill the page. Reels walk reels_live_recent; reposts and videos walk these,
-- index-only (the reposter or author is in the index: rows of accounts the reader does not follow cost no heap read).
-- Measured on the benchmark's accounts (docs/performance-history.md "The forty-eighth session"): the reader following
-- 5,000 accounts read 35,056 buffers for a page of videos with the per-account probes and 195 with the walk.
CREATE INDEX igtv_videos_published_recent ON igtv_videos (published_at DESC, id DESC) INCLUDE (user_id)
    WHERE is_published AND deleted_at IS NULL;
CREATE INDEX reel_reposts_recent ON reel_reposts (created_at DESC, reel_id DESC, user_id);
