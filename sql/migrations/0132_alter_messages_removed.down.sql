-- Back to 0126's message types: the tombstones go, as a takedown deleted messages before.
DELETE FROM messages WHERE message_type = 'removed';
ALTER TABLE messages
    DROP CONSTRAINT messages_removed_is_empty,
    DROP CONSTRAINT messages_message_type_check,
    ADD CONSTRAINT messages_message_type_check
        CHECK (message_type IN ('text', 'image', 'video', 'audio', 'post_share', 'story_share', 'reel_share', 'video_share', 'note_reply',
                                'story_reply'));
