-- Temporary suspensions become indefinite ones, as the table knew them before.
DROP INDEX IF EXISTS account_suspensions_until;
ALTER TABLE account_suspensions DROP CONSTRAINT IF EXISTS account_suspensions_until_after_start, DROP COLUMN IF EXISTS until;
