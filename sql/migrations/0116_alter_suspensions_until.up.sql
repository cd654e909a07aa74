-- Temporary suspensions (docs/moderation.md "Suspensions"): a moderator may suspend an account for 1 to 365 days instead
-- of until further notice. The suspension-expiry job lifts the ones that ended (deletes the row, makes the account
-- active); logging in lifts an ended one at once, so the job's delay never keeps anyone out. until IS NULL: indefinite.
ALTER TABLE account_suspensions ADD COLUMN until timestamptz,
    ADD CONSTRAINT account_suspensions_until_after_start CHECK (until IS NULL OR until > created_at);
-- The job's scan: the temporary suspensions by end.
CREATE INDEX account_suspensions_until ON account_suspensions (until) WHERE until IS NOT NULL;
