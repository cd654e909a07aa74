-- Passkeys (docs/accounts.md "Passkeys"): WebAuthn credentials an account signs in with instead of its password and code.
-- Only public material is kept: the credential id (what the authenticator names the key by, unique across accounts, so one
-- sign-in finds one account), the COSE public key, the signature counter of the last use (clone detection: it must grow)
-- and what the authenticator said about itself (AAGUID, transports, whether the key is synced). At most ten per account.
CREATE TABLE passkeys (
    id            uuid NOT NULL,
    user_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    credential_id bytea NOT NULL,
    public_key    bytea NOT NULL,
    sign_count    bigint NOT NULL,
    aaguid        uuid NOT NULL,
    transports    text[] NOT NULL,
    backed_up     boolean NOT NULL,
    name          text NOT NULL,
    created_at    timestamptz NOT NULL,
    last_used_at  timestamptz,
    CONSTRAINT passkeys_pkey PRIMARY KEY (id),
    CONSTRAINT passkeys_credential_unique UNIQUE (credential_id),
    -- WebAuthn credential ids are 16 to 1023 bytes; a COSE key of the algorithms offered is well under 2 KiB.
    CONSTRAINT passkeys_credential_id_length CHECK (octet_length(credential_id) BETWEEN 16 AND 1023),
    CONSTRAINT passkeys_public_key_length CHECK (octet_length(public_key) BETWEEN 1 AND 2048),
    -- The authenticator's counter is an unsigned 32-bit number.
    CONSTRAINT passkeys_sign_count_range CHECK (sign_count BETWEEN 0 AND 4294967295),
    CONSTRAINT passkeys_transports_check CHECK (transports <@ ARRAY['usb', 'nfc', 'ble', 'smart-card', 'hybrid', 'internal']::text[]),
    CONSTRAINT passkeys_name_check CHECK (char_length(name) BETWEEN 1 AND 64 AND name = btrim(name)),
    CONSTRAINT passkeys_times CHECK (last_used_at >= created_at)
);
-- The account's list (oldest first), its count under the cap, and the purge's cascade.
CREATE INDEX passkeys_user ON passkeys (user_id, created_at, id);

-- The challenges the server handed out: each is good for one registration or sign-in, for five minutes, and is deleted by
-- the attempt that uses it, whether or not that attempt succeeds. A registration's is bound to the account that asked; a
-- sign-in's to the account named by the login, or to none (a discoverable passkey says whose it is). auth-housekeeping
-- deletes the expired ones nobody used.
CREATE TABLE passkey_challenges (
    id         uuid NOT NULL,
    purpose    text NOT NULL,
    user_id    uuid REFERENCES users (id) ON DELETE CASCADE,
    challenge  bytea NOT NULL,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    CONSTRAINT passkey_challenges_pkey PRIMARY KEY (id),
    CONSTRAINT passkey_challenges_purpose_check CHECK (purpose IN ('registration', 'sign_in')),
    CONSTRAINT passkey_challenges_registration_user CHECK (purpose <> 'registration' OR user_id IS NOT NULL),
    CONSTRAINT passkey_challenges_challenge_length CHECK (octet_length(challenge) = 32),
    CONSTRAINT passkey_challenges_times CHECK (expires_at > created_at)
);
-- A new registration challenge replaces the account's pending one; the cascade of a purged account.
CREATE INDEX passkey_challenges_user ON passkey_challenges (user_id, purpose);
-- auth-housekeeping's sweep.
CREATE INDEX passkey_challenges_expires ON passkey_challenges (expires_at);
