ALTER TABLE messages DROP COLUMN IF EXISTS is_automatic;
ALTER TABLE users
    DROP CONSTRAINT IF EXISTS users_quiet_schedule_time_zone,
    DROP CONSTRAINT IF EXISTS users_quiet_schedule_days,
    DROP CONSTRAINT IF EXISTS users_quiet_schedule_window,
    DROP CONSTRAINT IF EXISTS users_quiet_schedule_whole,
    DROP CONSTRAINT IF EXISTS users_quiet_mode_interval,
    DROP COLUMN IF EXISTS quiet_schedule_time_zone,
    DROP COLUMN IF EXISTS quiet_schedule_to,
    DROP COLUMN IF EXISTS quiet_schedule_from,
    DROP COLUMN IF EXISTS quiet_schedule_days,
    DROP COLUMN IF EXISTS quiet_mode_until,
    DROP COLUMN IF EXISTS quiet_mode_since;
