-- Nothing to undo: the rows are what the reels' next caption edit would write, and which were written here is not kept.
-- (A statement, so the migrator has something to run.)
SELECT 1;
