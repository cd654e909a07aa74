-- The earlier types cannot hold a story reply: such messages go.
DELETE FROM messages WHERE message_type = 'story_reply';
ALTER TABLE messages DROP CONSTRAINT IF EXISTS messages_story_reply_has_content,
    DROP CONSTRAINT IF EXISTS messages_shared_story_only_for_story_messages,
    ADD CONSTRAINT messages_shared_story_only_for_story_share CHECK (shared_story_id IS NULL OR message_type = 'story_share'),
    DROP CONSTRAINT messages_message_type_check,
    ADD CONSTRAINT messages_message_type_check
        CHECK (message_type IN ('text', 'image', 'video', 'audio', 'post_share', 'story_share', 'reel_share', 'video_share', 'note_reply'));
