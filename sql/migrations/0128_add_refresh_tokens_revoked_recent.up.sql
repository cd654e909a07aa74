-- Sessions ended lately (docs/accounts.md "Ending a session at once"): every instance reads, every few seconds, the
-- families whose tokens were revoked within one access-token lifetime, and refuses access tokens that name one. The
-- partial index holds revoked rows only, so issuing and rotating tokens (revoked_at NULL) never touch it.
CREATE INDEX refresh_tokens_revoked_recent ON refresh_tokens (revoked_at) WHERE revoked_at IS NOT NULL;
