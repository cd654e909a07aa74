-- Two-factor sign-in with an authenticator app (docs/accounts.md "Two-factor"). account_two_factor holds the account's TOTP
-- secret, sealed with AES-GCM under a key derived from the signing key (the database alone does not reveal it); enrolment
-- is pending until a first code confirms it (enabled_at). last_used_step refuses a code's replay. Recovery codes are kept
-- as SHA-256 hashes, each usable once, for a lost phone.
CREATE TABLE account_two_factor (
    user_id        uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    secret_sealed  bytea NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    enabled_at     timestamptz,
    last_used_step bigint,
    CONSTRAINT account_two_factor_pkey PRIMARY KEY (user_id),
    CONSTRAINT account_two_factor_secret_length CHECK (octet_length(secret_sealed) BETWEEN 29 AND 128)
);

CREATE TABLE two_factor_recovery_codes (
    user_id   uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash text NOT NULL,
    used_at   timestamptz,
    CONSTRAINT two_factor_recovery_codes_pkey PRIMARY KEY (user_id, code_hash),
    CONSTRAINT two_factor_recovery_codes_hash_check CHECK (code_hash ~ '^[0-9a-f]{64}$')
);
