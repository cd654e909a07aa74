-- Trending music checks each use's author by a primary-key probe instead of joining the window's uses to users: the
-- planner expected a third of the uses (the open-reports filter's default selectivity) and hashed all accounts for them
-- (105,002 on the benchmark's dataset for 3,410 uses, docs/performance-history.md "The forty-seventh session"). A scalar
-- subquery is never pulled up into a join, so the cost grows with the window's uses, not with the accounts. A use whose
-- author is gone, deleted or inactive counts as before: the probe yields null or false and the use is left out, as the
-- inner join and its filter left it out. Signature, columns and results unchanged.
CREATE OR REPLACE FUNCTION get_trending_music_tracks(p_limit integer, p_at timestamptz DEFAULT now(),
                                                     p_window interval DEFAULT interval '7 days')
RETURNS TABLE (track_id uuid, title text, artist text, album text, duration integer, preview_url text,
               cover_art_url text, genre text, is_explicit boolean, recent_use_count bigint, usage_count bigint)
LANGUAGE sql STABLE AS $$
    SELECT t.id, t.title, t.artist, t.album, t.duration, t.preview_url, t.cover_art_url, t.genre, t.is_explicit,
           recent.n, coalesce(st.usage_count, 0)
      FROM (SELECT uses.music_track_id, count(*) AS n
              FROM (SELECT s.music_track_id, s.user_id
                      FROM stories s
                     WHERE s.music_track_id IS NOT NULL AND s.deleted_at IS NULL
                       AND s.created_at > p_at - p_window AND s.created_at <= p_at
                    UNION ALL
                    SELECT p.music_track_id, p.user_id
                      FROM posts p
                     WHERE p.music_track_id IS NOT NULL AND p.deleted_at IS NULL AND NOT p.is_archived
                       AND p.created_at > p_at - p_window AND p.created_at <= p_at
                       AND (SELECT count(*) FROM reports lr WHERE lr.target_type = 'post' AND lr.target_id = p.id
                                                             AND lr.status IN ('open', 'reviewing')) < 3) AS uses
             WHERE (SELECT u.deleted_at IS NULL AND u.is_active FROM users u WHERE u.id = uses.user_id)
             GROUP BY uses.music_track_id) AS recent
      JOIN music_tracks t ON t.id = recent.music_track_id
      LEFT JOIN music_track_stats st ON st.track_id = t.id
     ORDER BY recent.n DESC, coalesce(st.usage_count, 0) DESC, t.title, t.id
     LIMIT p_limit
$$;
