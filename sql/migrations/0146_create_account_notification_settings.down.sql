-- Back to 0141's notice types; the subscriptions' notices go with them.
DELETE FROM notifications WHERE type IN ('new_post', 'new_story', 'new_reel', 'new_video');
ALTER TABLE notifications DROP CONSTRAINT notifications_type_check,
    ADD CONSTRAINT notifications_type_check CHECK (type IN ('like', 'comment', 'reply', 'comment_like', 'mention', 'tag', 'follow',
        'follow_request', 'follow_accept', 'story_reaction', 'story_mention', 'reel_like', 'reel_comment', 'live_started', 'system',
        'video_like', 'video_comment', 'price_drop', 'back_in_stock', 'comment_pin', 'note_like', 'countdown_ended', 'reel_remix'));
DROP TABLE account_notification_settings;
