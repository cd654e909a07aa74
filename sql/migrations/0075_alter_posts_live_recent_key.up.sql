-- 0073's posts_live_recent was keyed on created_at itself, so any query over posts ordered by created_at could walk
-- it. One did: the seed's get_user_feed for the benchmark's 5,000-followee reader walked every recent post and
-- kept the followees' (928 ms) instead of reading each followee's timeline (103 ms). Keyed on the UTC wall time,
-- only a query that states that expression — the explore refresh (ExploreSql.Refresh) — can use it; nothing
-- that orders by created_at changes its plan.
DROP INDEX IF EXISTS posts_live_recent;
CREATE INDEX posts_live_recent_utc ON posts ((created_at AT TIME ZONE 'UTC') DESC, id DESC)
    WHERE deleted_at IS NULL AND NOT is_archived;
