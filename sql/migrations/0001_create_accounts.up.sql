-- Accounts and authentication (seed: users, refresh_tokens, email_verifications, password_resets).
-- Departures from the seed, explained in docs/data-model.md:
--   * tokens are stored only as SHA-256 hashes (token_hash), never in clear;
--   * email/username uniqueness is case-insensitive (unique indexes on lower());
--   * profile counters are not on users: they live in user_stats (one source of truth per counter);
--   * email_verified_at records e-mail ownership; is_verified stays the seed's "blue check".
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE users (
    id                 uuid PRIMARY KEY,
    email              text NOT NULL CHECK (char_length(email) BETWEEN 3 AND 254 AND position('@' in email) > 1),
    username           text NOT NULL CHECK (username ~ '^[a-z0-9._]{1,30}$'),
    hashed_password    text NOT NULL,
    full_name          text NOT NULL DEFAULT '' CHECK (char_length(full_name) <= 64),
    bio                text NOT NULL DEFAULT '' CHECK (char_length(bio) <= 150),
    avatar             text,
    phone_number       text CHECK (phone_number ~ '^\+[1-9][0-9]{6,14}$'),
    date_of_birth      date,
    gender             text CHECK (gender IN ('male', 'female', 'other', 'prefer_not_to_say')),
    profile_category   text NOT NULL DEFAULT 'personal' CHECK (profile_category IN ('personal', 'business', 'creator')),
    external_links     jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(external_links) = 'array'),
    business_info      jsonb CHECK (business_info IS NULL OR jsonb_typeof(business_info) = 'object'),
    is_private         boolean NOT NULL DEFAULT false,
    is_verified        boolean NOT NULL DEFAULT false,
    is_active          boolean NOT NULL DEFAULT true,
    two_factor_enabled boolean NOT NULL DEFAULT false,
    email_verified_at  timestamptz,
    last_active_at     timestamptz,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    deleted_at         timestamptz
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));
CREATE UNIQUE INDEX users_username_key ON users (lower(username));

-- Refresh tokens rotate on every use; all tokens descended from one login share a family_id so a
-- replayed (already rotated) token can revoke the whole family.
CREATE TABLE refresh_tokens (
    id          uuid PRIMARY KEY,
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    family_id   uuid NOT NULL,
    token_hash  text NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    rotated_at  timestamptz,
    replaced_by uuid REFERENCES refresh_tokens (id) ON DELETE SET NULL,
    revoked_at  timestamptz,
    CHECK (expires_at > created_at)
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id) WHERE revoked_at IS NULL;
CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id) WHERE revoked_at IS NULL;

CREATE TABLE email_verifications (
    id         uuid PRIMARY KEY,
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at    timestamptz,
    CHECK (expires_at > created_at)
);
CREATE INDEX email_verifications_user ON email_verifications (user_id);

CREATE TABLE password_resets (
    id         uuid PRIMARY KEY,
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at    timestamptz,
    CHECK (expires_at > created_at)
);
CREATE INDEX password_resets_user ON password_resets (user_id);

-- Per-account login throttling: failures inside the window; whatever the caller's IP.
CREATE TABLE login_throttles (
    user_id          uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    failure_count    integer NOT NULL CHECK (failure_count >= 0),
    window_starts_at timestamptz NOT NULL,
    locked_until     timestamptz
);
