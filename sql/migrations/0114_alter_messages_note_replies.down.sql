-- The seed's types cannot hold a note reply: such messages go with the column.
DELETE FROM messages WHERE message_type = 'note_reply';
ALTER TABLE messages DROP CONSTRAINT IF EXISTS messages_quoted_note_length, DROP CONSTRAINT IF EXISTS messages_note_reply_has_content,
    DROP CONSTRAINT IF EXISTS messages_note_reply_quotes, DROP CONSTRAINT messages_message_type_check,
    ADD CONSTRAINT messages_message_type_check
        CHECK (message_type IN ('text', 'image', 'video', 'audio', 'post_share', 'story_share', 'reel_share', 'video_share')),
    DROP COLUMN IF EXISTS quoted_note;
