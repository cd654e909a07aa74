-- Likes of long-form videos (docs/videos.md "Likes"). The seed gives posts and reels likes but IGTV videos none, so
-- igtv_stats.like_count had nothing to count; a video people cannot like is not what users of the product expect.
-- The shape of reel_likes: one row per account and video, the likers list newest first by the second index.
CREATE TABLE igtv_likes (
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    video_id   uuid NOT NULL REFERENCES igtv_videos (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT igtv_likes_pkey PRIMARY KEY (user_id, video_id)
);
CREATE INDEX igtv_likes_video ON igtv_likes (video_id, created_at DESC, user_id DESC);

-- 'video_like': a like of a long-form video, to its author (igtv-notifications).
ALTER TABLE notifications DROP CONSTRAINT notifications_type_check,
    ADD CONSTRAINT notifications_type_check CHECK (type IN ('like', 'comment', 'reply', 'comment_like', 'mention', 'tag', 'follow',
        'follow_request', 'follow_accept', 'story_reaction', 'story_mention', 'reel_like', 'reel_comment', 'live_started', 'system',
        'video_like'));
