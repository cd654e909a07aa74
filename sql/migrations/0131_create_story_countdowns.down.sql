-- Back to 0115's notice types; countdown notices go with their countdowns.
DELETE FROM notifications WHERE type = 'countdown_ended';
ALTER TABLE notifications DROP CONSTRAINT notifications_type_check,
    ADD CONSTRAINT notifications_type_check CHECK (type IN ('like', 'comment', 'reply', 'comment_like', 'mention', 'tag', 'follow',
        'follow_request', 'follow_accept', 'story_reaction', 'story_mention', 'reel_like', 'reel_comment', 'live_started', 'system',
        'video_like', 'video_comment', 'price_drop', 'back_in_stock', 'comment_pin', 'note_like'));
DROP TABLE IF EXISTS story_countdown_reminders;
DROP TABLE IF EXISTS story_countdowns;
