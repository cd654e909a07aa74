-- Notes (docs/notes.md "Removed notes", "Muting notes"), two changes:
-- 1. A removed note's hold: notes.held_until is until when a note a moderator removed is kept for its appeal — the removal's
--    own time (final at once) unless the takedown holds it to the appeal window's end (NoteReinstatement.HoldAsync), and
--    'infinity' while an appeal is open. The story-expiry job's sweep deletes a removed note, with its likes, once its hold has
--    passed; before, a removal never appealed stayed (unseen) until its author's next note, for ever if none came. An appeal
--    needs the hold in the future and sets it to 'infinity' in one UPDATE of the note's row, so an appeal and the sweep at the
--    window's very end take the row in turn and the second finds the first's answer (the sweep's DELETE re-checks the hold).
-- 2. Suggestions leave out an account the caller muted for posts or stories, no longer one whose notes alone are muted: a
--    notes mute (0247) takes the account's notes out of the notes tray and nothing else, and the account's posts and stories
--    are what a suggestion offers. Before 0247 every mute row muted posts or stories, so this keeps the rule mutes always had.
--    0237's and 0241's bodies otherwise.
ALTER TABLE notes ADD COLUMN held_until timestamptz;

-- Notes removed before: the latest removal of each decides. Appealed and open: held until decided; not appealed: held to its
-- window's end (past ones go at the sweep's next run); no window (appeals off, removed after its day): final now.
WITH latest AS (
    SELECT DISTINCT ON (c.target_id) c.target_id, c.removed_at, c.appealable_until, c.appeal_status
      FROM content_removals c WHERE c.target_type = 'note'
     ORDER BY c.target_id, c.removed_at DESC, c.report_id DESC)
UPDATE notes n
   SET held_until = CASE WHEN l.appeal_status = 'open' THEN 'infinity'
                         WHEN l.appeal_status IS NULL THEN coalesce(l.appealable_until, n.removed_at)
                         ELSE n.removed_at END
  FROM latest l
 WHERE n.id = l.target_id AND n.removed_at IS NOT NULL;
UPDATE notes SET held_until = removed_at WHERE removed_at IS NOT NULL AND held_until IS NULL;

-- Set exactly on a removed note (after the backfill: the notes removed before have none until then).
ALTER TABLE notes ADD CONSTRAINT notes_held_when_removed CHECK ((held_until IS NULL) = (removed_at IS NULL));

-- The sweep's walk of the holds that have passed.
CREATE INDEX notes_held_until ON notes (held_until) WHERE held_until IS NOT NULL;

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
           AND NOT EXISTS (SELECT 1 FROM mutes m WHERE m.muter_id = p_user_id AND m.muted_id = c.id AND (m.mute_posts OR m.mute_stories))
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
           AND NOT EXISTS (SELECT 1 FROM mutes m WHERE m.muter_id = p_user_id AND m.muted_id = c.id AND (m.mute_posts OR m.mute_stories))
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
