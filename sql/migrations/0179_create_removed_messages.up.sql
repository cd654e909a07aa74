-- What a moderator's takedown of a direct message erases, kept so that a reversed appeal brings the message back exactly as
-- it was (docs/moderation.md "Removed content and appeals", docs/messages.md "Removed messages"). The thread keeps its
-- 'removed' tombstone (0132) meanwhile: the kept content lives in this table, which no read of a thread, search, preview or
-- export touches, rather than in columns of messages that every one of those reads would have to leave out.
-- One row per tombstone, going with the message (ON DELETE CASCADE: an unsend, vanishing, the sender's purge). held_until is
-- the appeal window's end ('infinity' while an appeal is open); message-vanish forgets rows past it, and an upheld appeal
-- forgets the row at once. The upload (a photo, video or voice message) is released as of held_until, so media-cleanup keeps
-- its object exactly as long as the message may come back.
-- The shared post, story, reel and video are kept as plain ids, not foreign keys: a thing purged meanwhile simply does not
-- come back with the message (it reads "no longer available", as the messages' ON DELETE SET NULL would have left it).
-- reactions: [{"userId", "emoji", "createdAt"}], restored for the accounts still in the thread.
CREATE TABLE removed_messages (
    message_id      uuid PRIMARY KEY REFERENCES messages (id) ON DELETE CASCADE,
    message_type    text NOT NULL CHECK (message_type IN ('text', 'image', 'video', 'audio', 'post_share', 'story_share', 'reel_share',
                                                          'video_share', 'note_reply', 'story_reply')),
    content         text CHECK (char_length(content) BETWEEN 1 AND 2000),
    upload_id       uuid UNIQUE REFERENCES uploads (id) ON DELETE SET NULL,
    media_blob_name text,
    shared_post_id  uuid,
    shared_story_id uuid,
    shared_reel_id  uuid,
    shared_video_id uuid,
    quoted_note     text CHECK (char_length(quoted_note) BETWEEN 1 AND 60),
    is_edited       boolean NOT NULL,
    reactions       jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(reactions) = 'array'),
    removed_at      timestamptz NOT NULL,
    held_until      timestamptz NOT NULL,
    CONSTRAINT removed_messages_media_iff_media_type CHECK ((message_type IN ('image', 'video', 'audio')) = (media_blob_name IS NOT NULL)),
    CONSTRAINT removed_messages_held_after_removal CHECK (held_until >= removed_at)
);
-- message-vanish: the kept content whose hold has ended.
CREATE INDEX removed_messages_held_until ON removed_messages (held_until);
