-- "pinned your comment" (docs/posts.md "Comments"): when the author of a post, reel or video pins a comment (migrations
-- 0100, 0101), the comment's author hears of it, as on Instagram. The notice points at the comment (entity types
-- 'comment', 'reel_comment', 'igtv_comment', which can_view_entity already knows).
ALTER TABLE notifications DROP CONSTRAINT notifications_type_check,
    ADD CONSTRAINT notifications_type_check CHECK (type IN ('like', 'comment', 'reply', 'comment_like', 'mention', 'tag', 'follow',
        'follow_request', 'follow_accept', 'story_reaction', 'story_mention', 'reel_like', 'reel_comment', 'live_started', 'system',
        'video_like', 'video_comment', 'price_drop', 'back_in_stock', 'comment_pin'));
