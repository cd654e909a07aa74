-- Back to 0181's notice types (the repost notices go with them).
DELETE FROM notifications WHERE type = 'repost';
ALTER TABLE notifications DROP CONSTRAINT notifications_type_check,
    ADD CONSTRAINT notifications_type_check CHECK (type IN ('like', 'comment', 'reply', 'comment_like', 'mention', 'tag', 'follow',
        'follow_request', 'follow_accept', 'story_reaction', 'story_mention', 'reel_like', 'reel_comment', 'live_started', 'system',
        'video_like', 'video_comment', 'price_drop', 'back_in_stock', 'comment_pin', 'note_like', 'countdown_ended', 'reel_remix',
        'new_post', 'new_story', 'new_reel', 'new_video', 'add_yours', 'live_invite', 'collab_invite', 'collab_accepted',
        'channel_invite', 'channel_cohost_invite'));
-- Home feed entries that came through a repost go with the reposts (a collaborator's entries stay).
DELETE FROM feed_entries e USING reposts r WHERE r.user_id = e.author_id AND r.post_id = e.post_id;
ALTER TABLE users DROP COLUMN IF EXISTS allow_reposts;
DROP TABLE reposts;
