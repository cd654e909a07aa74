-- Accounts lose their second factor and sign in with the password alone, as before.
DROP TABLE IF EXISTS two_factor_recovery_codes;
DROP TABLE IF EXISTS account_two_factor;
