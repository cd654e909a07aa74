DROP TABLE IF EXISTS account_presence;
ALTER TABLE users DROP COLUMN IF EXISTS show_activity_status;
