-- Replies to notes (docs/notes.md "Replies"), as Instagram's: replying to someone's note sends them a direct message in
-- the one-to-one thread with them, showing the note it answers. A note lives a day and is replaced by the next, so the
-- message keeps the note's words (quoted_note) rather than pointing at the note. A note reply always has its text.
ALTER TABLE messages ADD COLUMN quoted_note text,
    DROP CONSTRAINT messages_message_type_check,
    ADD CONSTRAINT messages_message_type_check
        CHECK (message_type IN ('text', 'image', 'video', 'audio', 'post_share', 'story_share', 'reel_share', 'video_share', 'note_reply')),
    ADD CONSTRAINT messages_note_reply_quotes CHECK ((message_type = 'note_reply') = (quoted_note IS NOT NULL)),
    ADD CONSTRAINT messages_note_reply_has_content CHECK (message_type <> 'note_reply' OR content IS NOT NULL),
    ADD CONSTRAINT messages_quoted_note_length CHECK (char_length(quoted_note) BETWEEN 1 AND 60);
