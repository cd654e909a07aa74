-- Refresh tokens no longer pile up (docs/accounts.md "Refresh tokens"). Every refresh writes a row and, until now, every
-- row stayed until its account was purged: a phone that stays logged in and refreshes every quarter of an hour left
-- tens of thousands of rows a year, which each session list, login and push check then aggregated. auth-housekeeping now
-- deletes a rotated token a day after its own expiry (until then it is its family's reuse record: replaying it revokes
-- the family; after it, it could not have been used anyway, and its replay is an unknown token's 401) and a revoked
-- token a day after the ended-sessions window (EndedSessions reads revocations of the last access-token lifetime).
--
-- A session's start was its oldest kept token; with old tokens going, each token now carries its family's start,
-- copied at every rotation as the device is.
ALTER TABLE refresh_tokens ADD COLUMN family_started_at timestamptz;
UPDATE refresh_tokens t SET family_started_at = f.started_at
  FROM (SELECT family_id, min(created_at) AS started_at FROM refresh_tokens GROUP BY family_id) AS f
 WHERE t.family_id = f.family_id;
-- The default: a token written without one starts its own family (a login).
ALTER TABLE refresh_tokens ALTER COLUMN family_started_at SET DEFAULT now(),
    ALTER COLUMN family_started_at SET NOT NULL,
    ADD CONSTRAINT refresh_tokens_family_started_before CHECK (family_started_at <= created_at);

-- The two foreign keys of 0001 get indexes whose leading column is theirs (docs/data-model.md "Findings in the
-- foundation"): deleting a token sets its predecessor's replaced_by to NULL through refresh_tokens_replaced_by, and a
-- purge's cascade finds an account's tokens, revoked ones too, through refresh_tokens_user, which also serves the live
-- sessions' lookups (user_id = … AND revoked_at IS NULL is one range of it).
DROP INDEX refresh_tokens_user;
CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id, revoked_at);
CREATE INDEX refresh_tokens_replaced_by ON refresh_tokens (replaced_by);
-- The housekeeping's walk to rotated tokens past their expiry (revoked ones go through refresh_tokens_revoked_recent).
CREATE INDEX refresh_tokens_rotated_expiry ON refresh_tokens (expires_at) WHERE rotated_at IS NOT NULL;
