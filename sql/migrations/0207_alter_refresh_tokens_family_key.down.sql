DROP INDEX refresh_tokens_family_key;
ALTER TABLE refresh_tokens DROP CONSTRAINT refresh_tokens_family_key_hash_hex, DROP COLUMN family_key_hash;
