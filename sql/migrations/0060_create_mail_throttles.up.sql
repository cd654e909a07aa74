-- Requests for mails that a caller can trigger again and again (a new verification mail, a password
-- reset), counted per subject in a fixed window: the account for verification, a SHA-256 of the
-- normalised address for resets (so unknown addresses are limited the same way and stored as no one's
-- address). Rows whose window ended are deleted by the auth-housekeeping job.
CREATE TABLE mail_throttles (
    kind             text NOT NULL CHECK (kind IN ('email_verification', 'password_reset')),
    subject          text NOT NULL CHECK (subject ~ '^[0-9a-f-]{36,64}$'),
    window_starts_at timestamptz NOT NULL,
    requests         integer NOT NULL CHECK (requests > 0),
    PRIMARY KEY (kind, subject)
);
CREATE INDEX mail_throttles_window ON mail_throttles (window_starts_at);
