DROP INDEX users_full_name_nearest;
DROP INDEX users_username_nearest;
CREATE INDEX users_username_nearest ON users USING gist (username gist_trgm_ops (siglen = 64))
    WHERE deleted_at IS NULL AND is_active;
CREATE INDEX users_full_name_nearest ON users USING gist (full_name gist_trgm_ops (siglen = 64))
    WHERE deleted_at IS NULL AND is_active;
