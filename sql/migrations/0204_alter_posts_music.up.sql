-- Music on photo posts and carousels (docs/posts.md "Music"), as Instagram's: a post may play a clip of a catalogue track
-- (music_tracks, the stories' and notes' catalogue) from music_start_seconds on. A track withdrawn from the catalogue
-- leaves the post up, silent (SET NULL, as for stories and notes). That is also why "a start only with a track" is the
-- app's rule and not a CHECK: SET NULL clears only the key column, so the start stays behind, never read without a track.
-- What the table can hold is that a track always has its start.
ALTER TABLE posts ADD COLUMN music_track_id uuid CONSTRAINT posts_music_track_id_fkey REFERENCES music_tracks (id) ON DELETE SET NULL,
    ADD COLUMN music_start_seconds integer,
    ADD CONSTRAINT posts_music_start_not_negative CHECK (music_start_seconds >= 0),
    ADD CONSTRAINT posts_music_track_has_start CHECK (music_track_id IS NULL OR music_start_seconds IS NOT NULL);
-- The SET NULL foreign key's index (a catalogue withdrawal finds its posts); only posts with music.
CREATE INDEX posts_music_track ON posts (music_track_id) WHERE music_track_id IS NOT NULL;
-- get_trending_music_tracks: live posts with music in a recent window (as stories_music_recent for stories).
CREATE INDEX posts_music_recent ON posts (created_at, music_track_id)
    WHERE music_track_id IS NOT NULL AND deleted_at IS NULL AND NOT is_archived;

-- get_trending_music_tracks(limit[, at, window]): catalogue music ranked by how many live (undeleted) stories and live
-- (undeleted, unarchived) posts of active, undeleted accounts picked the track in (at - window, at] (default: 7 days),
-- then by all-time usage_count (stories and posts ever made with it), then title. Only counts are returned, never who
-- used the track, so private accounts count too. Reel audio (audio_tracks) is not part of this ranking.
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
                       AND p.created_at > p_at - p_window AND p.created_at <= p_at) AS uses
              JOIN users u ON u.id = uses.user_id
             WHERE u.deleted_at IS NULL AND u.is_active
             GROUP BY uses.music_track_id) AS recent
      JOIN music_tracks t ON t.id = recent.music_track_id
      LEFT JOIN music_track_stats st ON st.track_id = t.id
     ORDER BY recent.n DESC, coalesce(st.usage_count, 0) DESC, t.title, t.id
     LIMIT p_limit
$$;
