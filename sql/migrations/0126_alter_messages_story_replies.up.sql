-- Replies to stories (docs/messages.md "Replies"), as Instagram's: answering someone's story sends them a direct message
-- in the one-to-one thread with them, showing the story it answers (shared_story_id, as a story share; the story shows
-- while the reader may still see it, and reads as no longer available afterwards). A story reply always has its text.
ALTER TABLE messages
    DROP CONSTRAINT messages_message_type_check,
    ADD CONSTRAINT messages_message_type_check
        CHECK (message_type IN ('text', 'image', 'video', 'audio', 'post_share', 'story_share', 'reel_share', 'video_share', 'note_reply',
                                'story_reply')),
    DROP CONSTRAINT messages_shared_story_only_for_story_share,
    ADD CONSTRAINT messages_shared_story_only_for_story_messages CHECK (shared_story_id IS NULL OR message_type IN ('story_share', 'story_reply')),
    ADD CONSTRAINT messages_story_reply_has_content CHECK (message_type <> 'story_reply' OR content IS NOT NULL);
