-- Whether the last loss of a pair was a block's doing (docs/insights.md "Lost followers", docs/export.md). The export's
-- stoppedFollowing left a block's loss out only while the block stood: once lifted, the blocked account's export named
-- the blocker and the moment of the block. The follower-losses consumer records it from follow.deleted's reason; the
-- newer loss of a pair decides. Rows written before this migration read false (their reason was not kept); they leave
-- the table with the insights window (90 days).
ALTER TABLE follower_losses ADD COLUMN ended_by_block boolean NOT NULL DEFAULT false;
