-- Tokens are kept until their account is purged again; sessions start at their oldest kept token.
DROP INDEX refresh_tokens_rotated_expiry;
DROP INDEX refresh_tokens_replaced_by;
DROP INDEX refresh_tokens_user;
CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id) WHERE revoked_at IS NULL;
ALTER TABLE refresh_tokens DROP CONSTRAINT refresh_tokens_family_started_before, DROP COLUMN family_started_at;
