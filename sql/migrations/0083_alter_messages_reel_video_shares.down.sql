DELETE FROM messages WHERE message_type IN ('reel_share', 'video_share');
ALTER TABLE messages
    DROP CONSTRAINT IF EXISTS messages_shared_video_only_for_video_share,
    DROP CONSTRAINT IF EXISTS messages_shared_reel_only_for_reel_share,
    DROP CONSTRAINT messages_message_type_check,
    ADD CONSTRAINT messages_message_type_check
        CHECK (message_type IN ('text', 'image', 'video', 'audio', 'post_share', 'story_share')),
    DROP COLUMN IF EXISTS shared_video_id,
    DROP COLUMN IF EXISTS shared_reel_id;
