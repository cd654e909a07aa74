ALTER TABLE user_suggestion_runs
    DROP CONSTRAINT user_suggestion_runs_timeouts_counted,
    DROP COLUMN timed_out_at,
    DROP COLUMN timeouts;
