-- Lost followers (docs/insights.md "Lost followers"), the "unfollows" of Instagram's follower insights: the last time each
-- account stopped following another — it unfollowed, was removed, or a block ended the follow — one row per pair,
-- written by the follower-losses consumer from follow.deleted. Insights count the rows of the window whose account does
-- not follow again now. Kept for the insights window (90 days), then deleted by insights-retention.
CREATE TABLE follower_losses (
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    follower_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    lost_at     timestamptz NOT NULL,
    CONSTRAINT follower_losses_pkey PRIMARY KEY (user_id, follower_id),
    CONSTRAINT follower_losses_not_own CHECK (follower_id <> user_id)
);
-- The owner's window; the cascade from the former follower's account; the retention job's sweep.
CREATE INDEX follower_losses_recent ON follower_losses (user_id, lost_at);
CREATE INDEX follower_losses_follower ON follower_losses (follower_id);
CREATE INDEX follower_losses_lost_at ON follower_losses (lost_at);
