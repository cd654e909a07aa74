-- Back to 0152's notice types (the invitation notices go with them).
DELETE FROM notifications WHERE type = 'live_invite';
ALTER TABLE notifications DROP CONSTRAINT notifications_type_check,
    ADD CONSTRAINT notifications_type_check CHECK (type IN ('like', 'comment', 'reply', 'comment_like', 'mention', 'tag', 'follow',
        'follow_request', 'follow_accept', 'story_reaction', 'story_mention', 'reel_like', 'reel_comment', 'live_started', 'system',
        'video_like', 'video_comment', 'price_drop', 'back_in_stock', 'comment_pin', 'note_like', 'countdown_ended', 'reel_remix',
        'new_post', 'new_story', 'new_reel', 'new_video', 'add_yours'));
DROP TABLE live_stream_guests;
