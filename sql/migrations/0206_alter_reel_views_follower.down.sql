-- Reels' reach is no longer split by followers.
ALTER TABLE reel_views DROP COLUMN follower;
