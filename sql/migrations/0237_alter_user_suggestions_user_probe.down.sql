-- Back to migration 0009's function: candidates and mutuals joined to users.
CREATE OR REPLACE FUNCTION get_user_suggestions(p_user_id uuid, p_limit integer)
RETURNS TABLE (user_id uuid, username text, full_name text, avatar text, is_verified boolean, is_private boolean,
               mutual_count bigint, mutual_usernames text[])
LANGUAGE sql STABLE AS $$
    WITH mutuals AS (
        SELECT f.following_id AS id, mu.username
          FROM follows f
          JOIN users mu ON mu.id = f.following_id
         WHERE f.follower_id = p_user_id AND mu.deleted_at IS NULL AND mu.is_active
           AND NOT EXISTS (SELECT 1 FROM blocks b WHERE b.blocker_id = p_user_id AND b.blocked_id = f.following_id)
           AND NOT EXISTS (SELECT 1 FROM blocks b WHERE b.blocker_id = f.following_id AND b.blocked_id = p_user_id)
    ), candidates AS (
        SELECT ff.following_id AS id, count(*) AS mutual_count,
               (array_agg(m.username ORDER BY m.username))[1:3] AS mutual_usernames
          FROM mutuals m
          JOIN follows ff ON ff.follower_id = m.id
         WHERE ff.following_id <> p_user_id
         GROUP BY ff.following_id
    )
    SELECT c.id, u.username, u.full_name, u.avatar, u.is_verified, u.is_private, c.mutual_count, c.mutual_usernames
      FROM candidates c
      JOIN users u ON u.id = c.id
     WHERE u.deleted_at IS NULL AND u.is_active
       AND NOT EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = p_user_id AND f.following_id = c.id)
       AND NOT EXISTS (SELECT 1 FROM follow_requests r WHERE r.requester_id = p_user_id AND r.target_id = c.id)
       AND NOT EXISTS (SELECT 1 FROM blocks b WHERE b.blocker_id = p_user_id AND b.blocked_id = c.id)
       AND NOT EXISTS (SELECT 1 FROM blocks b WHERE b.blocker_id = c.id AND b.blocked_id = p_user_id)
       AND NOT EXISTS (SELECT 1 FROM mutes m WHERE m.muter_id = p_user_id AND m.muted_id = c.id)
     ORDER BY c.mutual_count DESC, u.username
     LIMIT p_limit
$$;
