DELETE FROM address_throttles WHERE kind = 'registration_email_taken';
ALTER TABLE address_throttles DROP CONSTRAINT address_throttles_kind_check,
    ADD CONSTRAINT address_throttles_kind_check CHECK (kind IN ('registration', 'sign_in', 'password_reset'));
