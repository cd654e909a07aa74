DROP TABLE IF EXISTS suspension_appeals;
ALTER TABLE account_suspensions DROP CONSTRAINT IF EXISTS account_suspensions_id_key, DROP COLUMN IF EXISTS id;
