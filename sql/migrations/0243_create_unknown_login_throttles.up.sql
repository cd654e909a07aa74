-- Failed logins that named no account (docs/accounts.md "Login throttling"), counted and locked exactly as login_throttles
-- counts an account's, so that the sixth wrong try at an e-mail address nobody uses gets the same 429 as one at an address
-- someone does. Without it an address that locked after five tries had an account, and one that never locked had none:
-- addresses are not public, as usernames are. The login is kept only as a SHA-256 (hex) of its trimmed, lower-cased form.
-- Rows whose window and lock ended are deleted by the auth-housekeeping job, as login_throttles' are.
CREATE TABLE unknown_login_throttles (
    subject          text NOT NULL CONSTRAINT unknown_login_throttles_subject_check CHECK (subject ~ '^[0-9a-f]{64}$'),
    failure_count    integer NOT NULL CONSTRAINT unknown_login_throttles_failure_count_check CHECK (failure_count >= 0),
    window_starts_at timestamptz NOT NULL,
    locked_until     timestamptz,
    CONSTRAINT unknown_login_throttles_pkey PRIMARY KEY (subject)
);
-- The housekeeping's walk over ended windows.
CREATE INDEX unknown_login_throttles_window ON unknown_login_throttles (window_starts_at);
