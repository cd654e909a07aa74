ALTER TABLE follower_losses DROP COLUMN ended_by_block;
