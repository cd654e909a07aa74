-- 0237's and 0241's suggestion functions again (any mute leaves an account out, a notes-only one too), and no holds of removed
-- notes: a removed note stays until its appeal is decided or its author's next note, as before.
DROP INDEX notes_held_until;
ALTER TABLE notes DROP CONSTRAINT notes_held_when_removed, DROP COLUMN held_until;

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

CREATE OR REPLACE FUNCTION get_user_suggestions_sampled(p_user_id uuid, p_limit integer, p_followees integer, p_follows integer)
RETURNS TABLE (user_id uuid, username text, full_name text, avatar text, is_verified boolean, is_private boolean,
               mutual_count bigint, mutual_usernames text[])
LANGUAGE sql STABLE AS $$
    WITH sampled AS MATERIALIZED (
        SELECT f.following_id AS id
          FROM follows f
         WHERE f.follower_id = p_user_id
         ORDER BY f.created_at DESC, f.following_id DESC
         LIMIT p_followees
    ), mutuals AS MATERIALIZED (
        SELECT s.id,
               (SELECT CASE WHEN mu.deleted_at IS NULL AND mu.is_active THEN mu.username END
                  FROM users mu WHERE mu.id = s.id) AS username
          FROM sampled s
         WHERE NOT EXISTS (SELECT 1 FROM blocks b WHERE b.blocker_id = p_user_id AND b.blocked_id = s.id)
           AND NOT EXISTS (SELECT 1 FROM blocks b WHERE b.blocker_id = s.id AND b.blocked_id = p_user_id)
    ), candidates AS (
        SELECT ff.following_id AS id, count(*) AS mutual_count,
               (array_agg(m.username ORDER BY m.username))[1:3] AS mutual_usernames
          FROM mutuals m
          CROSS JOIN LATERAL (
              SELECT f.following_id FROM follows f
               WHERE f.follower_id = m.id
               ORDER BY f.created_at DESC, f.following_id DESC
               LIMIT p_follows) ff
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
