-- Trending counts stories only again (0009's definition); the posts' music is lost.
CREATE OR REPLACE FUNCTION get_trending_music_tracks(p_limit integer, p_at timestamptz DEFAULT now(),
                                                     p_window interval DEFAULT interval '7 days')
RETURNS TABLE (track_id uuid, title text, artist text, album text, duration integer, preview_url text,
               cover_art_url text, genre text, is_explicit boolean, recent_use_count bigint, usage_count bigint)
LANGUAGE sql STABLE AS $$
    SELECT t.id, t.title, t.artist, t.album, t.duration, t.preview_url, t.cover_art_url, t.genre, t.is_explicit,
           recent.n, coalesce(st.usage_count, 0)
      FROM (SELECT s.music_track_id, count(*) AS n
              FROM stories s
              JOIN users u ON u.id = s.user_id
             WHERE s.music_track_id IS NOT NULL AND s.deleted_at IS NULL
               AND s.created_at > p_at - p_window AND s.created_at <= p_at
               AND u.deleted_at IS NULL AND u.is_active
             GROUP BY s.music_track_id) AS recent
      JOIN music_tracks t ON t.id = recent.music_track_id
      LEFT JOIN music_track_stats st ON st.track_id = t.id
     ORDER BY recent.n DESC, coalesce(st.usage_count, 0) DESC, t.title, t.id
     LIMIT p_limit
$$;
DROP INDEX IF EXISTS posts_music_recent;
DROP INDEX IF EXISTS posts_music_track;
ALTER TABLE posts DROP CONSTRAINT IF EXISTS posts_music_track_has_start, DROP CONSTRAINT IF EXISTS posts_music_start_not_negative,
    DROP COLUMN IF EXISTS music_start_seconds, DROP COLUMN IF EXISTS music_track_id;
