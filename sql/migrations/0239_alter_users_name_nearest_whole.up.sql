-- 0234's GiST trigram indexes were partial on live accounts (WHERE deleted_at IS NULL AND is_active). GiST, unlike GIN,
-- can be scanned with no condition at all, so the planner may read a partial GiST index whole for any statement whose
-- WHERE repeats its predicate: on a small users table it chose users_full_name_nearest over users_pkey for a probe
-- "u.id = … AND u.deleted_at IS NULL AND u.is_active" (MutualPlanTests, SuggestionPlanTests). Whole indexes are only
-- ever read for a LIKE or a distance order, which is all account search asks of them; the walk's own filter leaves the
-- gone accounts out, a few rows against the live ones.
DROP INDEX users_username_nearest;
DROP INDEX users_full_name_nearest;
CREATE INDEX users_username_nearest ON users USING gist (username gist_trgm_ops (siglen = 64));
CREATE INDEX users_full_name_nearest ON users USING gist (full_name gist_trgm_ops (siglen = 64));
