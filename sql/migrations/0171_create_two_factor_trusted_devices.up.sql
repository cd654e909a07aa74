-- Trusted devices (docs/accounts.md "Trusted devices"): a login that passed two-factor with trustDevice gets a device token,
-- and later logins from that device with the password and the token skip the code until it expires (90 days after it was
-- given). Kept as the SHA-256 hex of the token, as every bearer secret here. At most twenty an account (the login that
-- trusts a twenty-first forgets the least recently used); turning two-factor off or a new password forgets them all,
-- auth-housekeeping deletes expired ones.
CREATE TABLE two_factor_trusted_devices (
    id           uuid NOT NULL,
    user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash   text NOT NULL,
    device       text,
    created_at   timestamptz NOT NULL,
    last_used_at timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    CONSTRAINT two_factor_trusted_devices_pkey PRIMARY KEY (id),
    CONSTRAINT two_factor_trusted_devices_token_unique UNIQUE (token_hash),
    CONSTRAINT two_factor_trusted_devices_hash_check CHECK (token_hash ~ '^[0-9a-f]{64}$'),
    CONSTRAINT two_factor_trusted_devices_device_length CHECK (char_length(device) <= 200),
    CONSTRAINT two_factor_trusted_devices_times CHECK (last_used_at >= created_at AND expires_at > created_at)
);
-- The account's list (and the least recently used one to forget); auth-housekeeping's sweep of expired ones.
CREATE INDEX two_factor_trusted_devices_user ON two_factor_trusted_devices (user_id, last_used_at DESC, id DESC);
CREATE INDEX two_factor_trusted_devices_expires ON two_factor_trusted_devices (expires_at);
