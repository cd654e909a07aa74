-- Time spent and the daily limit (docs/accounts.md "Time spent"), as Instagram's "Your activity → Time spent" and "Daily
-- limit": how many minutes a day the account used the app, counted from the same batched presence marks as its activity
-- status (0112, at most one a minute per account and host instance), so it costs no write per request. One row per account
-- and UTC day; last_minute is the newest minute counted, so a mark of a minute already counted (another instance's) adds
-- nothing. users.daily_limit_minutes is the owner's reminder threshold, one of Instagram's choices, or null (off).
ALTER TABLE users ADD COLUMN daily_limit_minutes smallint,
    ADD CONSTRAINT users_daily_limit_minutes_check CHECK (daily_limit_minutes IN (15, 30, 45, 60, 120, 180));

CREATE TABLE account_time_spent (
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    day         date NOT NULL,
    minutes     smallint NOT NULL CHECK (minutes BETWEEN 1 AND 1440),
    last_minute timestamptz NOT NULL,
    CONSTRAINT account_time_spent_pkey PRIMARY KEY (user_id, day),
    CONSTRAINT account_time_spent_minute_of_day CHECK ((last_minute AT TIME ZONE 'UTC')::date = day)
);
-- The retention's walk (insights-retention deletes days past the longest window).
CREATE INDEX account_time_spent_day ON account_time_spent (day);
