-- 0245's can_view_entity again (a close-friends note shown to a listed friend whatever the account's privacy), no index for
-- the sweep, and no notes mutes: a mute of notes alone is deleted (nothing else is muted by it), notes unmuted elsewhere.
DROP INDEX notes_expires;

DELETE FROM mutes WHERE NOT (mute_posts OR mute_stories);
ALTER TABLE mutes DROP CONSTRAINT mutes_mutes_something,
    DROP COLUMN mute_notes,
    ADD CONSTRAINT mutes_mutes_something CHECK (mute_posts OR mute_stories);

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
             WHERE r.id = p_id AND r.deleted_at IS NULL AND can_view_content(p_viewer, r.user_id)
               AND (r.trial_status IS NULL OR r.trial_status = 'shared' OR r.user_id = p_viewer
                    OR NOT (EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = p_viewer AND f.following_id = r.user_id)
                            OR EXISTS (SELECT 1 FROM close_friends cf WHERE cf.user_id = r.user_id AND cf.friend_id = p_viewer))))
        WHEN 'reel_comment' THEN EXISTS (
            SELECT 1 FROM reel_comments c JOIN reels r ON r.id = c.reel_id
             WHERE c.id = p_id AND c.deleted_at IS NULL AND r.deleted_at IS NULL
               AND (c.held_at IS NULL OR c.user_id = p_viewer OR r.user_id = p_viewer)
               AND can_view_content(p_viewer, r.user_id)
               AND (r.trial_status IS NULL OR r.trial_status = 'shared' OR r.user_id = p_viewer
                    OR NOT (EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = p_viewer AND f.following_id = r.user_id)
                            OR EXISTS (SELECT 1 FROM close_friends cf WHERE cf.user_id = r.user_id AND cf.friend_id = p_viewer)))
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
            SELECT 1 FROM live_streams l WHERE l.id = p_id AND (l.status <> 'cancelled' OR l.user_id = p_viewer)
               AND can_view_content(p_viewer, l.user_id)
               AND NOT EXISTS (SELECT 1 FROM live_stream_removals lr WHERE lr.stream_id = l.id AND lr.user_id = p_viewer)
               AND NOT EXISTS (SELECT 1 FROM story_hidden_viewers h WHERE h.owner_id = l.user_id AND h.viewer_id = p_viewer))
        WHEN 'note' THEN EXISTS (
            SELECT 1 FROM notes n
             WHERE n.id = p_id AND n.removed_at IS NULL
               AND (n.user_id = p_viewer
                    OR (n.expires_at > p_at
                        AND EXISTS (SELECT 1 FROM users nu WHERE nu.id = n.user_id AND nu.deleted_at IS NULL AND nu.is_active)
                        AND ((n.audience = 'mutuals'
                              AND EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = p_viewer AND f.following_id = n.user_id)
                              AND EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = n.user_id AND f.following_id = p_viewer))
                             OR (n.audience = 'close_friends'
                                 AND EXISTS (SELECT 1 FROM close_friends cf WHERE cf.user_id = n.user_id AND cf.friend_id = p_viewer))))))
        WHEN 'broadcast_channel' THEN EXISTS (
            SELECT 1 FROM broadcast_channels bc
             WHERE bc.id = p_id AND bc.removed_at IS NULL AND bc.ended_at IS NULL AND can_view_content(p_viewer, bc.owner_id))
        ELSE false
    END, false)
$$;
