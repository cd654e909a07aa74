-- Back to migration 0120's function: limited posts and reels count again.
CREATE OR REPLACE FUNCTION get_trending_hashtags(p_limit integer, p_at timestamptz DEFAULT now(),
                                                 p_window interval DEFAULT interval '24 hours')
RETURNS TABLE (hashtag_id uuid, name text, recent_post_count bigint, post_count bigint)
LANGUAGE sql STABLE AS $$
    SELECT h.id, h.name, recent.n, coalesce(s.post_count, 0)
      FROM (SELECT tagged.hashtag_id, count(*) AS n
              FROM (SELECT ph.hashtag_id
                      FROM post_hashtags ph
                      JOIN posts p ON p.id = ph.post_id
                      JOIN users u ON u.id = ph.author_id
                     WHERE ph.post_created_at > p_at - p_window AND ph.post_created_at <= p_at
                       AND p.deleted_at IS NULL AND NOT p.is_archived
                       AND NOT u.is_private AND u.is_active AND u.deleted_at IS NULL
                    UNION ALL
                    SELECT rh.hashtag_id
                      FROM reel_hashtags rh
                      JOIN reels r ON r.id = rh.reel_id
                      JOIN users u ON u.id = r.user_id
                     WHERE rh.reel_created_at > p_at - p_window AND rh.reel_created_at <= p_at
                       AND r.deleted_at IS NULL
                       AND NOT u.is_private AND u.is_active AND u.deleted_at IS NULL) AS tagged
             GROUP BY tagged.hashtag_id) AS recent
      JOIN hashtags h ON h.id = recent.hashtag_id
      LEFT JOIN hashtag_stats s ON s.hashtag_id = h.id
     ORDER BY recent.n DESC, coalesce(s.post_count, 0) DESC, h.name
     LIMIT p_limit
$$;
