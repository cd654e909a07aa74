-- Self-service account deletion (docs/accounts.md "Deleting an account"). users.deleted_at (0001) is
-- when the owner asked; for Auth:DeletionGrace after it, logging in restores the account. Then the
-- account-purge job takes the account apart: purge_started_at marks that it began (no restoring after
-- it), purge_quiet_at the first run that found nothing left to remove through events; the row itself
-- is deleted (and everything that cascades with it) once that has settled and every stored object of
-- the account is gone.
ALTER TABLE users
    ADD COLUMN purge_started_at timestamptz,
    ADD COLUMN purge_quiet_at timestamptz;
ALTER TABLE users ADD CONSTRAINT users_purge_only_when_deleted
    CHECK (purge_started_at IS NULL OR (deleted_at IS NOT NULL AND purge_started_at >= deleted_at));
ALTER TABLE users ADD CONSTRAINT users_purge_quiet_after_start
    CHECK (purge_quiet_at IS NULL OR (purge_started_at IS NOT NULL AND purge_quiet_at >= purge_started_at));
-- The purge job's queue: deleted accounts, oldest request first.
CREATE INDEX users_deleted ON users (deleted_at) WHERE deleted_at IS NOT NULL;
