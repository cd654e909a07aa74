-- A message a moderator takes down stays in its thread as a tombstone (docs/moderation.md "Acting on a report"): type
-- 'removed', everything it said or showed cleared, so the thread reads "This message was removed" where it stood and the
-- replies quoting it still point somewhere. Unsending still deletes the row (the sender's choice leaves no trace, as on
-- Instagram). Before, a takedown deleted the message like an unsend and the thread kept no sign of it.
ALTER TABLE messages
    DROP CONSTRAINT messages_message_type_check,
    ADD CONSTRAINT messages_message_type_check
        CHECK (message_type IN ('text', 'image', 'video', 'audio', 'post_share', 'story_share', 'reel_share', 'video_share', 'note_reply',
                                'story_reply', 'removed')),
    ADD CONSTRAINT messages_removed_is_empty CHECK (message_type <> 'removed' OR (content IS NULL AND upload_id IS NULL
        AND media_blob_name IS NULL AND shared_post_id IS NULL AND shared_story_id IS NULL AND shared_reel_id IS NULL
        AND shared_video_id IS NULL AND quoted_note IS NULL));
