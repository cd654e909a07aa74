-- Account search walks the accounts nearest the term instead of ranking every match (docs/social-graph.md "Search";
-- docs/performance-history.md "The forty-eighth session"). 0008's trigram indexes are GIN, which finds the matches but
-- cannot hand them out by distance: a term every name holds ("bench", all 105,002 accounts on the benchmark) ranked all
-- of them for a page of 20. GiST trigram indexes answer `LIKE … ORDER BY col <-> term LIMIT n` by walking nearest
-- first and stopping after n. Partial on live accounts, as 0008's (the search only ever shows them). The full name is
-- indexed as stored: pg_trgm folds case itself, so its distance is the similarity the ranking takes of lower(full_name),
-- and ILIKE is served as by the GIN index.
-- siglen=64: with the default 12-byte signatures the tree's upper levels hold nearly every trigram and a rare term read
-- most of the index (10–18 ms on the benchmark against 0.1–2 ms at 64 bytes; 32 and 128 measured alike).
-- 0008's GIN indexes stay: a follower list's ?q= filter (FollowListsSql) matches the same columns with no order of its
-- own, and its plan reads them for a rare term (EXPLAIN on the benchmark).
CREATE INDEX users_username_nearest ON users USING gist (username gist_trgm_ops (siglen = 64))
    WHERE deleted_at IS NULL AND is_active;
CREATE INDEX users_full_name_nearest ON users USING gist (full_name gist_trgm_ops (siglen = 64))
    WHERE deleted_at IS NULL AND is_active;
