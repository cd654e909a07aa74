-- Back to 0176's notice types (the channel notices go with them).
DELETE FROM notifications WHERE type IN ('channel_invite', 'channel_cohost_invite');
ALTER TABLE notifications DROP CONSTRAINT notifications_type_check,
    ADD CONSTRAINT notifications_type_check CHECK (type IN ('like', 'comment', 'reply', 'comment_like', 'mention', 'tag', 'follow',
        'follow_request', 'follow_accept', 'story_reaction', 'story_mention', 'reel_like', 'reel_comment', 'live_started', 'system',
        'video_like', 'video_comment', 'price_drop', 'back_in_stock', 'comment_pin', 'note_like', 'countdown_ended', 'reel_remix',
        'new_post', 'new_story', 'new_reel', 'new_video', 'add_yours', 'live_invite', 'collab_invite', 'collab_accepted'));
-- Media of channel messages: released so media-cleanup deletes the objects nothing points at any more.
UPDATE uploads SET released_at = now()
  FROM broadcast_channel_messages m WHERE uploads.id = m.upload_id AND uploads.released_at IS NULL;
DROP TABLE broadcast_channel_reactions;
DROP TABLE broadcast_channel_votes;
DROP TABLE broadcast_channel_messages;
DROP TABLE broadcast_channel_hosts;
DROP TABLE broadcast_channel_members;
DROP TABLE broadcast_channels;
