-- Registration answers 409 naming `email` for an address in use (docs/accounts.md "Registration and taken addresses"): such
-- answers are counted per client address in their own group of address_throttles, so that one address cannot learn more than
-- Auth:RegistrationEmailConflictsPerWindow used addresses per window, whatever else it is allowed.
ALTER TABLE address_throttles DROP CONSTRAINT address_throttles_kind_check,
    ADD CONSTRAINT address_throttles_kind_check CHECK (kind IN ('registration', 'registration_email_taken', 'sign_in', 'password_reset'));
