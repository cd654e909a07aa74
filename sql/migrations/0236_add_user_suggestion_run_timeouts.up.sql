-- A computation ahead that runs past Suggestions:ComputeTimeout is cancelled by its statement timeout and backed off
-- (docs/social-graph.md "Suggestions"): timeouts counts the user's computations that timed out in a row (0 once one
-- finishes), timed_out_at says when the last one did. The job puts the next try Suggestions:FreshFor × 2^(timeouts − 1)
-- ahead, at most Suggestions:RefreshAge, and a read does not bring a backed-off run forward.
ALTER TABLE user_suggestion_runs
    ADD COLUMN timeouts integer NOT NULL DEFAULT 0,
    ADD COLUMN timed_out_at timestamptz,
    ADD CONSTRAINT user_suggestion_runs_timeouts_counted CHECK (timeouts >= 0 AND (timeouts = 0 OR timed_out_at IS NOT NULL));
