-- Trial reels (docs/reels.md "Trial reels"): a reel its author posts as a trial is shown first to accounts that do not
-- follow them. trial_status is NULL on a reel that never was a trial; 'running' while the trial lasts (until trial_ends_at,
-- 72 hours after it was posted), 'shared' once it went to the followers (by its author, or by the trial-reels job when
-- trial_auto_share asked for it and it did well enough), 'ended' when the job closed it unshared. trial_settled_at is when
-- it stopped running. Until it is shared, followers and close friends do not see it anywhere (decided at read time).
ALTER TABLE reels
    ADD COLUMN trial_status text,
    ADD COLUMN trial_ends_at timestamptz,
    ADD COLUMN trial_auto_share boolean NOT NULL DEFAULT false,
    ADD COLUMN trial_settled_at timestamptz;
ALTER TABLE reels ADD CONSTRAINT reels_trial_status_check CHECK (trial_status IN ('running', 'shared', 'ended'));
-- A trial has its end; a reel that is no trial has neither an end nor an auto-share choice.
ALTER TABLE reels ADD CONSTRAINT reels_trial_complete
    CHECK ((trial_status IS NULL) = (trial_ends_at IS NULL) AND (trial_status IS NOT NULL OR NOT trial_auto_share));
ALTER TABLE reels ADD CONSTRAINT reels_trial_ends_after_created CHECK (trial_ends_at > created_at);
-- Settled exactly when it no longer runs.
ALTER TABLE reels ADD CONSTRAINT reels_trial_settled
    CHECK ((coalesce(trial_status, 'running') = 'running') = (trial_settled_at IS NULL));

-- The trial-reels job's scan: running trials by their end.
CREATE INDEX reels_trials_running ON reels (trial_ends_at, id) WHERE trial_status = 'running';
-- The author's trials, newest first (GET /users/me/reels/trials).
CREATE INDEX reels_author_trials ON reels (user_id, created_at DESC, id DESC) WHERE trial_status IS NOT NULL;

-- 0173's can_view_entity with one change: a reel that is a trial not shared yet is not shown to its author's followers
-- and close friends (nor its comments), so notices about it stay out of their inbox. Visibility.EntityFilter is the
-- written-out twin.
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
            SELECT 1 FROM live_streams l WHERE l.id = p_id AND can_view_content(p_viewer, l.user_id)
               AND NOT EXISTS (SELECT 1 FROM live_stream_removals lr WHERE lr.stream_id = l.id AND lr.user_id = p_viewer)
               AND NOT EXISTS (SELECT 1 FROM story_hidden_viewers h WHERE h.owner_id = l.user_id AND h.viewer_id = p_viewer))
        WHEN 'note' THEN EXISTS (
            SELECT 1 FROM notes n
             WHERE n.id = p_id AND n.removed_at IS NULL
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
