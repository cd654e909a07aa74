-- Quiet mode (docs/accounts.md "Quiet mode"), as Instagram's: an account pauses its notifications for a while, on demand
-- and/or on a weekly schedule, and tells others it is away. Columns on users rather than a table of their own: every
-- account has at most one setting, it is read with the account (the badge, a thread's participants, an export), and the
-- purge takes it with the row. Nothing is stored per quiet period: periods are computed from these columns at read time.
--
-- The on-demand period is one interval, the latest: quiet_mode_since (when it was turned on) up to quiet_mode_until
-- (when it ends or ended; null: until turned off). Turning it off sets until to that moment, so the interval stays as the
-- account's last on-demand period (the summary reads it).
ALTER TABLE users
    ADD COLUMN quiet_mode_since timestamptz,
    ADD COLUMN quiet_mode_until timestamptz,
    ADD COLUMN quiet_schedule_days text[],
    ADD COLUMN quiet_schedule_from time,
    ADD COLUMN quiet_schedule_to time,
    ADD COLUMN quiet_schedule_time_zone text,
    ADD CONSTRAINT users_quiet_mode_interval CHECK (quiet_mode_until IS NULL OR (quiet_mode_since IS NOT NULL AND quiet_mode_until >= quiet_mode_since)),
    -- A weekly schedule is all four columns or none; the window has a length (from <> to; to < from crosses midnight), at
    -- least one day of the week, each named once by its three-letter English name.
    ADD CONSTRAINT users_quiet_schedule_whole CHECK (
        (quiet_schedule_days IS NULL) = (quiet_schedule_from IS NULL)
        AND (quiet_schedule_days IS NULL) = (quiet_schedule_to IS NULL)
        AND (quiet_schedule_days IS NULL) = (quiet_schedule_time_zone IS NULL)),
    ADD CONSTRAINT users_quiet_schedule_window CHECK (quiet_schedule_from IS NULL OR quiet_schedule_from <> quiet_schedule_to),
    ADD CONSTRAINT users_quiet_schedule_days CHECK (
        quiet_schedule_days IS NULL
        OR (cardinality(quiet_schedule_days) BETWEEN 1 AND 7
            AND quiet_schedule_days <@ ARRAY['mon','tue','wed','thu','fri','sat','sun']::text[])),
    ADD CONSTRAINT users_quiet_schedule_time_zone CHECK (quiet_schedule_time_zone IS NULL OR length(quiet_schedule_time_zone) BETWEEN 1 AND 64);

-- The automatic reply a quiet account sends (docs/messages.md "Quiet mode replies"): shown as automatic, and what makes
-- the reply once per thread and quiet period (an automatic message of the account in the thread since the period began).
ALTER TABLE messages ADD COLUMN is_automatic boolean NOT NULL DEFAULT false;
