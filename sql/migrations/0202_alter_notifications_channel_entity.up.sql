-- Channel invitation notices name their channel (docs/messages.md "Notices"): channel_invite and channel_cohost_invite
-- store the broadcast channel as their entity (entity_type 'broadcast_channel', entity_id the channel), still with the
-- owner as their actor and the channel's name as their message, so that the inbox hides them while the reader cannot be
-- invited to it: the channel removed by a moderator (back if the appeal is reversed: nothing is deleted), ended (nobody
-- joins an ended channel, and an ended channel's co-host invitation cannot be accepted: GET /users/me/channel-invitations
-- lists live channels only), or its owner hidden from the reader (blocked either way, deactivated, deleted), as before.
ALTER TABLE notifications DROP CONSTRAINT notifications_entity_type_check,
    ADD CONSTRAINT notifications_entity_type_check CHECK (entity_type IN ('post', 'comment', 'reel', 'reel_comment', 'story',
        'igtv_video', 'live_stream', 'user', 'igtv_comment', 'product', 'note', 'broadcast_channel'));

-- 0182's can_view_entity with a broadcast_channel rule: a live channel (neither removed nor ended) whose owner's content the
-- viewer may see, which is what GET /channels/{id} shows of a live channel (ChannelVisibility.Seen). Ended channels are out
-- even for their readers: the notices that name a channel are invitations, which an ended channel no longer takes.
-- Visibility.EntityFilter (ChannelVisibility.Invitable) is the written-out twin.
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
        WHEN 'broadcast_channel' THEN EXISTS (
            SELECT 1 FROM broadcast_channels bc
             WHERE bc.id = p_id AND bc.removed_at IS NULL AND bc.ended_at IS NULL AND can_view_content(p_viewer, bc.owner_id))
        ELSE false
    END, false)
$$;

-- The notices written before: each named its owner ('user', the actor). Rewritten where the channel is certain; the rest
-- stay as they were and keep today's rule (hidden with their owner only).
--
-- A co-host invitation's notice is written with its broadcast_channel_hosts row, at the row's invited_at, which accepting
-- does not change: the row of that owner's channel inviting that recipient at exactly that time is its channel (accepted
-- invitations included, as a notice written now stays after accepting). Two such rows at one instant would be two
-- channels of one owner inviting the same account within the same microsecond: ambiguous, left alone.
UPDATE notifications n SET entity_type = 'broadcast_channel', entity_id = h.channel_id
  FROM broadcast_channel_hosts h JOIN broadcast_channels c ON c.id = h.channel_id
 WHERE n.type = 'channel_cohost_invite' AND n.entity_type = 'user'
   AND h.user_id = n.user_id AND c.owner_id = n.actor_id AND h.invited_at = n.created_at
   AND NOT EXISTS (SELECT 1 FROM broadcast_channel_hosts h2 JOIN broadcast_channels c2 ON c2.id = h2.channel_id
                    WHERE h2.user_id = n.user_id AND c2.owner_id = n.actor_id AND h2.invited_at = n.created_at
                      AND h2.channel_id <> h.channel_id);

-- A channel_invite is written at the time of the broadcast_channel.created event, taken by the creating request just
-- after the channel's created_at: its channel is the owner's channel created in the minute before it (a generous bound on
-- one request). Matched by time, not by name: a channel may be renamed since, and names are not unique. When the owner
-- created more than one channel in that minute, the one whose name the notice carries (the name at delivery) is taken
-- if exactly one has it; otherwise the notice is left alone. Channels go only with their owner (a purge, which takes the
-- owner's notices too) or an upheld removal, after which the notice has nothing to show either way.
WITH candidates AS (
    SELECT n.id, n.created_at, c.id AS channel_id, c.name = n.message AS same_name
      FROM broadcast_channels c
      JOIN notifications n ON n.actor_id = c.owner_id AND n.type = 'channel_invite' AND n.entity_type = 'user'
                          AND n.created_at >= c.created_at AND n.created_at < c.created_at + interval '1 minute'),
chosen AS (
    SELECT id, created_at,
           CASE WHEN count(*) = 1 THEN (array_agg(channel_id))[1]
                WHEN count(*) FILTER (WHERE same_name) = 1 THEN (array_agg(channel_id) FILTER (WHERE same_name))[1]
           END AS channel_id
      FROM candidates GROUP BY id, created_at)
UPDATE notifications n SET entity_type = 'broadcast_channel', entity_id = chosen.channel_id
  FROM chosen WHERE n.id = chosen.id AND n.created_at = chosen.created_at AND chosen.channel_id IS NOT NULL;
