-- How many live remixes a reel has (docs/reels.md "Remixes"). 0141 listed a reel's remixes but counted none, so the
-- original could not show "N remixes" without paging them all. reel_stats.remix_count is kept exact by reel-counters as
-- its other counts are: a remix's reel.created or reel.deleted (its owner's, a takedown's or a purge's) recounts its
-- original's live remixes from reels_remixes under the original's reel_stats lock. The backfill counts what exists now.
ALTER TABLE reel_stats ADD COLUMN remix_count bigint NOT NULL DEFAULT 0 CONSTRAINT reel_stats_remix_count_check CHECK (remix_count >= 0);
UPDATE reel_stats s SET remix_count = c.n
  FROM (SELECT remix_of_id, count(*) AS n FROM reels WHERE remix_of_id IS NOT NULL AND deleted_at IS NULL GROUP BY remix_of_id) c
 WHERE s.reel_id = c.remix_of_id;
