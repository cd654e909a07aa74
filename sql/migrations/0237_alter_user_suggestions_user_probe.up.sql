-- Suggestions check each account by a primary-key probe instead of joining users: the function is not inlined (the
-- route's limit argument holds a subquery), so its body is planned for any caller, about 30,000 candidates expected, and
-- the plan hashed all accounts to join them (105,002 on the benchmark's dataset, 130-236 ms for a caller with 157
-- candidates; docs/performance-history.md "The forty-eighth session: suggestions measured"). A scalar subquery is never
-- pulled up into a join, so the cost grows with the caller's second-degree graph, not with the accounts. The mutuals and
-- the ranked candidates are MATERIALIZED so that each probe runs once per row: inlined, the probe filtered on would be
-- evaluated again where its value is used. A gone, deleted or inactive account probes to null and is left out, as the
-- inner join and its filter left it out (username is NOT NULL). The liveness check is in the probe's select list, not its
-- WHERE, so that the probe's only condition is the primary key: in the WHERE it matches the partial indexes on live
-- accounts (0008, 0234), which an empty table's estimates can prefer. The whole row of a suggested account is probed only for
-- the p_limit accounts returned. Signature, columns, order and results unchanged.
CREATE OR REPLACE FUNCTION get_user_suggestions(p_user_id uuid, p_limit integer)
RETURNS TABLE (user_id uuid, username text, full_name text, avatar text, is_verified boolean, is_private boolean,
               mutual_count bigint, mutual_usernames text[])
LANGUAGE sql STABLE AS $$
    WITH mutuals AS MATERIALIZED (
        SELECT f.following_id AS id,
               (SELECT CASE WHEN mu.deleted_at IS NULL AND mu.is_active THEN mu.username END
                  FROM users mu WHERE mu.id = f.following_id) AS username
          FROM follows f
         WHERE f.follower_id = p_user_id
           AND NOT EXISTS (SELECT 1 FROM blocks b WHERE b.blocker_id = p_user_id AND b.blocked_id = f.following_id)
           AND NOT EXISTS (SELECT 1 FROM blocks b WHERE b.blocker_id = f.following_id AND b.blocked_id = p_user_id)
    ), candidates AS (
        SELECT ff.following_id AS id, count(*) AS mutual_count,
               (array_agg(m.username ORDER BY m.username))[1:3] AS mutual_usernames
          FROM mutuals m
          JOIN follows ff ON ff.follower_id = m.id
         WHERE m.username IS NOT NULL AND ff.following_id <> p_user_id
         GROUP BY ff.following_id
    ), ranked AS MATERIALIZED (
        SELECT c.id, c.mutual_count, c.mutual_usernames,
               (SELECT CASE WHEN u.deleted_at IS NULL AND u.is_active THEN u.username END FROM users u WHERE u.id = c.id) AS username
          FROM candidates c
         WHERE NOT EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = p_user_id AND f.following_id = c.id)
           AND NOT EXISTS (SELECT 1 FROM follow_requests r WHERE r.requester_id = p_user_id AND r.target_id = c.id)
           AND NOT EXISTS (SELECT 1 FROM blocks b WHERE b.blocker_id = p_user_id AND b.blocked_id = c.id)
           AND NOT EXISTS (SELECT 1 FROM blocks b WHERE b.blocker_id = c.id AND b.blocked_id = p_user_id)
           AND NOT EXISTS (SELECT 1 FROM mutes m WHERE m.muter_id = p_user_id AND m.muted_id = c.id)
    )
    SELECT t.id, t.username, (t.u).full_name, (t.u).avatar, (t.u).is_verified, (t.u).is_private,
           t.mutual_count, t.mutual_usernames
      FROM (SELECT r.id, r.username, r.mutual_count, r.mutual_usernames, (SELECT u FROM users u WHERE u.id = r.id) AS u
              FROM ranked r
             WHERE r.username IS NOT NULL
             ORDER BY r.mutual_count DESC, r.username
             LIMIT p_limit) AS t
     ORDER BY t.mutual_count DESC, t.username
$$;
