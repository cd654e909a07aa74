-- Where one is logged in (docs/accounts.md "Sessions"): a session is a family of refresh tokens, and each token now
-- carries the device that opened the family, the User-Agent of the login or registration (at most 200 characters),
-- copied to every rotated token so the live end of the family always knows it. NULL for families opened before this
-- migration or by a client that sent none.
ALTER TABLE refresh_tokens ADD COLUMN device text,
    ADD CONSTRAINT refresh_tokens_device_length CHECK (char_length(device) <= 200);
