-- Requests to the anonymous account routes counted per client address in a fixed window (docs/accounts.md "Limits per
-- address"), one row per route group and address, in the same shape as mail_throttles so both share one counting
-- statement. The address is kept only as a SHA-256 of its normalised form (IPv6 grouped by /64, "none" when the host
-- saw no address), so the table lists no one's address. Rows whose window ended are deleted by the auth-housekeeping job.
CREATE TABLE address_throttles (
    kind             text NOT NULL CONSTRAINT address_throttles_kind_check CHECK (kind IN ('registration', 'sign_in', 'password_reset')),
    subject          text NOT NULL CONSTRAINT address_throttles_subject_check CHECK (subject ~ '^[0-9a-f]{64}$'),
    window_starts_at timestamptz NOT NULL,
    requests         integer NOT NULL CONSTRAINT address_throttles_requests_check CHECK (requests > 0),
    CONSTRAINT address_throttles_pkey PRIMARY KEY (kind, subject)
);
-- The housekeeping's walk over ended windows.
CREATE INDEX address_throttles_window ON address_throttles (window_starts_at);
