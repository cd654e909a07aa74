-- auth-housekeeping deletes expired one-time links and ended login throttles in batches of 500 (docs/accounts.md
-- "Housekeeping"); none of these four tables indexed the column it walks, so every batch scanned its whole table
-- (docs/data-model.md "Findings in the foundation"). Each gets the index its housekeeping condition ranges over, as
-- mail_throttles (0060), address_throttles (0194), trusted devices (0171) and passkey challenges (0188) already have.
CREATE INDEX email_verifications_expiry ON email_verifications (expires_at);
CREATE INDEX password_resets_expiry ON password_resets (expires_at);
CREATE INDEX email_change_reverts_expiry ON email_change_reverts (expires_at);
CREATE INDEX login_throttles_window ON login_throttles (window_starts_at);
