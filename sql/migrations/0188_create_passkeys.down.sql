-- Every passkey is forgotten: their owners sign in with the password (and code) again.
DROP TABLE passkey_challenges;
DROP TABLE passkeys;
