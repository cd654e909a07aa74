-- Broadcast channels and their messages can be reported and taken down (docs/moderation.md, docs/messages.md "Removed
-- channel messages"), as every other kind of content: a reader reports a message, whoever may see a channel reports the
-- channel (its name and description), and a moderator's removal may be appealed.
ALTER TABLE reports DROP CONSTRAINT reports_target_type_check,
    ADD CONSTRAINT reports_target_type_check CHECK (target_type IN ('user', 'post', 'comment', 'reel', 'reel_comment', 'story',
        'igtv_video', 'igtv_comment', 'message', 'live_stream', 'product', 'note', 'broadcast_channel', 'channel_message'));
ALTER TABLE content_removals DROP CONSTRAINT content_removals_target_type_check,
    ADD CONSTRAINT content_removals_target_type_check CHECK (target_type IN ('post', 'comment', 'reel', 'reel_comment', 'story',
        'igtv_video', 'igtv_comment', 'message', 'live_stream', 'product', 'note', 'broadcast_channel', 'channel_message'));

-- A removed channel is hidden from everyone, its owner too, with everything in it kept as it was (members, co-hosts,
-- messages, votes, reactions; its messages' uploads held by their release time) so that a reversed appeal brings it back
-- exactly; an upheld one deletes it.
ALTER TABLE broadcast_channels ADD COLUMN removed_at timestamptz,
    ADD CONSTRAINT broadcast_channels_removed_order CHECK (removed_at >= created_at);

-- A removed message stays in its channel as a tombstone (removed_at set, everything it said or showed cleared), as a removed
-- direct message does; what it said is kept aside in removed_channel_messages below.
ALTER TABLE broadcast_channel_messages ADD COLUMN removed_at timestamptz,
    DROP CONSTRAINT broadcast_channel_messages_not_empty,
    ADD CONSTRAINT broadcast_channel_messages_not_empty CHECK (content IS NOT NULL OR media_type IS NOT NULL OR poll_question IS NOT NULL
        OR removed_at IS NOT NULL),
    ADD CONSTRAINT broadcast_channel_messages_removed_empty CHECK (removed_at IS NULL
        OR (content IS NULL AND upload_id IS NULL AND media_type IS NULL AND poll_question IS NULL)),
    ADD CONSTRAINT broadcast_channel_messages_removed_order CHECK (removed_at >= created_at);

-- What a takedown of a channel message erased, kept for an appeal, as removed_messages (0179) keeps a direct message's: in a
-- table no reader's statement touches rather than in columns every one of them would have to leave out. One row per
-- tombstone, going with the message (an owner's or sender's delete, a purge). held_until is the appeal window's end
-- ('infinity' while an appeal is open); message-vanish forgets rows past it, an upheld appeal at once. The upload is released
-- as of held_until, so media-cleanup keeps its object exactly as long as the message may come back. Votes and reactions stay
-- in their own tables, unseen and frozen while the message is removed.
CREATE TABLE removed_channel_messages (
    message_id      uuid PRIMARY KEY REFERENCES broadcast_channel_messages (id) ON DELETE CASCADE,
    content         text CHECK (char_length(content) BETWEEN 1 AND 1000),
    upload_id       uuid UNIQUE REFERENCES uploads (id) ON DELETE SET NULL,
    media_type      text CHECK (media_type IN ('image', 'video', 'audio')),
    media_blob_name text,
    poll_question   text CHECK (char_length(poll_question) BETWEEN 1 AND 200),
    poll_options    text[],
    removed_at      timestamptz NOT NULL,
    held_until      timestamptz NOT NULL,
    CONSTRAINT removed_channel_messages_media_whole CHECK ((media_type IS NULL) = (media_blob_name IS NULL)),
    CONSTRAINT removed_channel_messages_poll_whole CHECK ((poll_question IS NULL) = (poll_options IS NULL)),
    CONSTRAINT removed_channel_messages_not_empty CHECK (content IS NOT NULL OR media_type IS NOT NULL OR poll_question IS NOT NULL),
    CONSTRAINT removed_channel_messages_held_after_removal CHECK (held_until >= removed_at)
);
-- message-vanish: the kept content whose hold has ended.
CREATE INDEX removed_channel_messages_held_until ON removed_channel_messages (held_until);
