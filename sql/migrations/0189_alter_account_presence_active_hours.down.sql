ALTER TABLE account_presence
    DROP CONSTRAINT account_presence_active_week_monday,
    DROP COLUMN previous_active_hours,
    DROP COLUMN active_hours,
    DROP COLUMN active_week;
