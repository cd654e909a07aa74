-- Undoing two-factor sign-in that someone else turned on (docs/accounts.md "Undoing someone else's two-factor"). Whoever
-- knows the password can turn the factor on with their own app; a password reset then still asks for a code the owner
-- cannot give, and the notice (account.two_factor_changed) could only send the owner to support. Now the "on" notice
-- carries a link: for TwoFactorRevertApi.Window (7 days) after the factor was enabled, whoever reads the account's
-- mailbox can remove the factor, choose a new password and end every session. The links hang off the factor itself (the
-- foreign key to account_two_factor): turning it off, or enrolling again, removes the earlier enrolment's links with it,
-- so a link only ever undoes the enrolment its mail announced.
CREATE TABLE two_factor_reverts (
    id         uuid NOT NULL,
    user_id    uuid NOT NULL REFERENCES account_two_factor (user_id) ON DELETE CASCADE,
    token_hash text NOT NULL,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz,
    CONSTRAINT two_factor_reverts_pkey PRIMARY KEY (id),
    CONSTRAINT two_factor_reverts_token_unique UNIQUE (token_hash),
    CONSTRAINT two_factor_reverts_hash_check CHECK (token_hash ~ '^[0-9a-f]{64}$'),
    CONSTRAINT two_factor_reverts_expiry CHECK (expires_at > created_at),
    CONSTRAINT two_factor_reverts_used CHECK (used_at IS NULL OR used_at >= created_at)
);
-- The foreign key's cascade from account_two_factor; auth-housekeeping's sweep of expired links.
CREATE INDEX two_factor_reverts_user ON two_factor_reverts (user_id);
CREATE INDEX two_factor_reverts_expiry ON two_factor_reverts (expires_at);
