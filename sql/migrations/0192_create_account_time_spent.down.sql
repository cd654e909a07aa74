DROP TABLE IF EXISTS account_time_spent;
ALTER TABLE users DROP CONSTRAINT IF EXISTS users_daily_limit_minutes_check, DROP COLUMN IF EXISTS daily_limit_minutes;
