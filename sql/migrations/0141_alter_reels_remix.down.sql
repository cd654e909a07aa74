-- Back to 0131's notice types; remix notices go with the remixes.
DELETE FROM notifications WHERE type = 'reel_remix';
ALTER TABLE notifications DROP CONSTRAINT notifications_type_check,
    ADD CONSTRAINT notifications_type_check CHECK (type IN ('like', 'comment', 'reply', 'comment_like', 'mention', 'tag', 'follow',
        'follow_request', 'follow_accept', 'story_reaction', 'story_mention', 'reel_like', 'reel_comment', 'live_started', 'system',
        'video_like', 'video_comment', 'price_drop', 'back_in_stock', 'comment_pin', 'note_like', 'countdown_ended'));
ALTER TABLE users DROP COLUMN allow_reel_remixes;
DROP INDEX reels_remixes;
ALTER TABLE reels DROP CONSTRAINT reels_remix_not_itself, DROP COLUMN allow_remix, DROP COLUMN remix_of_id;
