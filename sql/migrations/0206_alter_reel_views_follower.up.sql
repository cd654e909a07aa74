-- A reel's reach split by followers and non-followers (docs/insights.md, GET /reels/{id}/insights), as a post's is
-- (0203): whether the viewer followed the author when they first played it, fixed then, as Instagram splits it. Rows of
-- first plays before this migration have none (NULL: not known, and not guessed from today's follows); they count
-- towards the accounts reached and neither side of the split.
ALTER TABLE reel_views ADD COLUMN follower boolean;
