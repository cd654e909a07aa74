-- Back to 0013's can_view_story, 0115's can_view_entity and 0009's get_close_friends_stories; the hidden lists go.
CREATE OR REPLACE FUNCTION can_view_story(p_viewer uuid, p_owner uuid, p_audience text) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT coalesce(p_viewer = p_owner, false)
        OR (can_view_content(p_viewer, p_owner)
            AND CASE p_audience
                    WHEN 'public' THEN true
                    WHEN 'followers' THEN EXISTS (SELECT 1 FROM follows f
                                                  WHERE f.follower_id = p_viewer AND f.following_id = p_owner)
                    WHEN 'close_friends' THEN EXISTS (SELECT 1 FROM close_friends c
                                                      WHERE c.user_id = p_owner AND c.friend_id = p_viewer)
                    ELSE false
                END)
$$;

CREATE OR REPLACE FUNCTION can_view_entity(p_viewer uuid, p_type text, p_id uuid, p_at timestamptz DEFAULT now())
RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT coalesce(CASE p_type
        WHEN 'user' THEN can_view_profile(p_viewer, p_id)
        WHEN 'post' THEN EXISTS (
            SELECT 1 FROM posts p
             WHERE p.id = p_id AND p.deleted_at IS NULL
               AND (p.user_id = p_viewer OR (NOT p.is_archived AND can_view_content(p_viewer, p.user_id))))
        WHEN 'comment' THEN EXISTS (
            SELECT 1 FROM comments c JOIN posts p ON p.id = c.post_id
             WHERE c.id = p_id AND c.deleted_at IS NULL AND p.deleted_at IS NULL
               AND (c.held_at IS NULL OR c.user_id = p_viewer OR p.user_id = p_viewer)
               AND (p.user_id = p_viewer OR (NOT p.is_archived AND can_view_content(p_viewer, p.user_id)))
               AND (p_viewer IS NULL OR NOT is_blocked_between(p_viewer, c.user_id)))
        WHEN 'reel' THEN EXISTS (
            SELECT 1 FROM reels r
             WHERE r.id = p_id AND r.deleted_at IS NULL AND can_view_content(p_viewer, r.user_id))
        WHEN 'reel_comment' THEN EXISTS (
            SELECT 1 FROM reel_comments c JOIN reels r ON r.id = c.reel_id
             WHERE c.id = p_id AND c.deleted_at IS NULL AND r.deleted_at IS NULL
               AND (c.held_at IS NULL OR c.user_id = p_viewer OR r.user_id = p_viewer)
               AND can_view_content(p_viewer, r.user_id)
               AND (p_viewer IS NULL OR NOT is_blocked_between(p_viewer, c.user_id)))
        WHEN 'story' THEN EXISTS (
            SELECT 1 FROM stories s
             WHERE s.id = p_id AND s.deleted_at IS NULL
               AND (s.user_id = p_viewer
                    OR (s.created_at <= p_at AND s.expires_at > p_at AND can_view_story(p_viewer, s.user_id, s.audience))))
        WHEN 'igtv_video' THEN EXISTS (
            SELECT 1 FROM igtv_videos v
             WHERE v.id = p_id AND v.deleted_at IS NULL
               AND (v.user_id = p_viewer OR (v.is_published AND can_view_content(p_viewer, v.user_id))))
        WHEN 'igtv_comment' THEN EXISTS (
            SELECT 1 FROM igtv_comments c JOIN igtv_videos v ON v.id = c.video_id
             WHERE c.id = p_id AND c.deleted_at IS NULL AND v.deleted_at IS NULL
               AND (c.held_at IS NULL OR c.user_id = p_viewer OR v.user_id = p_viewer)
               AND (v.user_id = p_viewer OR (v.is_published AND can_view_content(p_viewer, v.user_id)))
               AND (p_viewer IS NULL OR NOT is_blocked_between(p_viewer, c.user_id)))
        WHEN 'product' THEN EXISTS (
            SELECT 1 FROM products pr WHERE pr.id = p_id AND pr.deleted_at IS NULL AND can_view_content(p_viewer, pr.user_id))
        WHEN 'live_stream' THEN EXISTS (
            SELECT 1 FROM live_streams l WHERE l.id = p_id AND can_view_content(p_viewer, l.user_id)
               AND NOT EXISTS (SELECT 1 FROM live_stream_removals lr WHERE lr.stream_id = l.id AND lr.user_id = p_viewer))
        WHEN 'note' THEN EXISTS (
            SELECT 1 FROM notes n
             WHERE n.id = p_id
               AND (n.user_id = p_viewer
                    OR (n.expires_at > p_at
                        AND ((n.audience = 'mutuals'
                              AND EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = p_viewer AND f.following_id = n.user_id)
                              AND EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = n.user_id AND f.following_id = p_viewer))
                             OR (n.audience = 'close_friends'
                                 AND EXISTS (SELECT 1 FROM close_friends cf WHERE cf.user_id = n.user_id AND cf.friend_id = p_viewer))))))
        ELSE false
    END, false)
$$;

CREATE OR REPLACE FUNCTION get_close_friends_stories(p_user_id uuid, p_at timestamptz DEFAULT now())
RETURNS TABLE (story_id uuid, author_id uuid, author_username text, author_avatar text, blob_name text,
               media_type text, thumbnail_blob_name text, alt_text text, music_track_id uuid,
               music_start_time integer, duration integer, created_at timestamptz, expires_at timestamptz,
               is_viewed boolean)
LANGUAGE sql STABLE AS $$
    SELECT s.id, s.user_id, u.username, u.avatar, s.blob_name, s.media_type, s.thumbnail_blob_name, s.alt_text,
           s.music_track_id, s.music_start_time, s.duration, s.created_at, s.expires_at,
           EXISTS (SELECT 1 FROM story_views v WHERE v.story_id = s.id AND v.viewer_id = p_user_id)
      FROM close_friends cf
      JOIN follows f ON f.follower_id = p_user_id AND f.following_id = cf.user_id
      JOIN users u ON u.id = cf.user_id
      JOIN stories s ON s.user_id = cf.user_id
     WHERE cf.friend_id = p_user_id
       AND s.audience = 'close_friends' AND s.deleted_at IS NULL
       AND s.created_at <= p_at AND s.expires_at > p_at
       AND u.deleted_at IS NULL AND u.is_active
       AND NOT EXISTS (SELECT 1 FROM blocks b WHERE b.blocker_id = p_user_id AND b.blocked_id = s.user_id)
       AND NOT EXISTS (SELECT 1 FROM blocks b WHERE b.blocker_id = s.user_id AND b.blocked_id = p_user_id)
       AND NOT EXISTS (SELECT 1 FROM mutes m WHERE m.muter_id = p_user_id AND m.muted_id = s.user_id AND m.mute_stories)
     ORDER BY max(s.created_at) OVER (PARTITION BY s.user_id) DESC, s.user_id, s.created_at, s.id
$$;

DROP TABLE IF EXISTS story_hidden_viewers;
