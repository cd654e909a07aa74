-- How many live reels carry a hashtag (docs/posts.md "Hashtag counts"), beside post_count, which keeps counting posts only
-- so clients that read it do not change meaning. Until now a tag's page counted its posts and left its reels (their own tab,
-- reel_hashtags, 0085) uncounted. reel-counters keeps reel_count exact as it keeps a sound's usage count: reel.created,
-- reel.deleted (the owner's, a takedown's or a purge's) and a caption edit's reel.updated recount each hashtag they touched
-- from reel_hashtags under an advisory lock on the hashtag; reel-hashtags-backfill recounts the tags it writes. Which reels
-- count is post_count's rule for posts: not deleted (reels have no archive), whoever the author is and whoever may see them.
-- The backfill counts what is tagged now, adding a stats row for a hashtag only reels carry.
ALTER TABLE hashtag_stats ADD COLUMN reel_count bigint NOT NULL DEFAULT 0 CONSTRAINT hashtag_stats_reel_count_check CHECK (reel_count >= 0);
INSERT INTO hashtag_stats (hashtag_id, reel_count)
SELECT rh.hashtag_id, count(*)
  FROM reel_hashtags rh JOIN reels r ON r.id = rh.reel_id
 WHERE r.deleted_at IS NULL
 GROUP BY rh.hashtag_id
ON CONFLICT (hashtag_id) DO UPDATE SET reel_count = EXCLUDED.reel_count;
