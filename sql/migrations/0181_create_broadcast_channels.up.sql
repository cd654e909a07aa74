-- Broadcast channels (docs/messages.md "Broadcast channels"), Instagram's channels: a one-to-many chat its owner and up to
-- five accepted co-hosts post in, and its members read, react to and vote in. Members never write messages. Ending a channel
-- (ended_at) keeps its history for its members and stops new messages and joins; at most five live (not ended) channels per
-- owner, counted by the API under the owner's row lock. Who may read is decided at read time from the owner's privacy,
-- follows and blocks (Visibility.ContentFilter), never stored here: a member who is later blocked or unfollowed of a private
-- account keeps a row but reads nothing.
CREATE TABLE broadcast_channels (
    id          uuid PRIMARY KEY,
    owner_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name        text NOT NULL,
    description text,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    ended_at    timestamptz,
    CONSTRAINT broadcast_channels_name_length CHECK (char_length(name) BETWEEN 1 AND 50),
    CONSTRAINT broadcast_channels_description_length CHECK (char_length(description) BETWEEN 1 AND 300),
    CONSTRAINT broadcast_channels_order CHECK (updated_at >= created_at AND ended_at >= created_at)
);
-- An owner's channels, newest first (GET /users/{username}/channels, keyset; the cap's count); serves the cascade from users.
CREATE INDEX broadcast_channels_owner ON broadcast_channels (owner_id, created_at DESC, id DESC);

-- Members (not the owner, not co-hosts): their read marker (the time of the newest message they have read; unread = newer
-- messages) and whether they muted the channel. A member the owner removed keeps a row with removed_at: it reads nothing and
-- cannot join again (leaving deletes the row; a removed member's row stays).
CREATE TABLE broadcast_channel_members (
    channel_id   uuid NOT NULL REFERENCES broadcast_channels (id) ON DELETE CASCADE,
    user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    joined_at    timestamptz NOT NULL,
    last_read_at timestamptz NOT NULL,
    is_muted     boolean NOT NULL DEFAULT false,
    removed_at   timestamptz,
    CONSTRAINT broadcast_channel_members_pkey PRIMARY KEY (channel_id, user_id),
    CONSTRAINT broadcast_channel_members_order CHECK (last_read_at >= joined_at AND removed_at >= joined_at)
);
-- The owner's member list, newest first (keyset).
CREATE INDEX broadcast_channel_members_list ON broadcast_channel_members (channel_id, joined_at DESC, user_id DESC);
-- An account's joined channels (GET /users/me/channels); serves the cascade from users.
CREATE INDEX broadcast_channel_members_user ON broadcast_channel_members (user_id, joined_at DESC, channel_id DESC);

-- Co-hosts: invited by the owner (pending while accepted_at is null), posting once accepted; at most five per channel,
-- pending and accepted together (counted under the channel's row lock). A declined or withdrawn invitation is deleted.
CREATE TABLE broadcast_channel_hosts (
    channel_id  uuid NOT NULL REFERENCES broadcast_channels (id) ON DELETE CASCADE,
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    invited_at  timestamptz NOT NULL,
    accepted_at timestamptz,
    CONSTRAINT broadcast_channel_hosts_pkey PRIMARY KEY (channel_id, user_id),
    CONSTRAINT broadcast_channel_hosts_order CHECK (accepted_at >= invited_at)
);
-- An account's co-hostings and open invitations, newest first; serves the cascade from users.
CREATE INDEX broadcast_channel_hosts_user ON broadcast_channel_hosts (user_id, invited_at DESC, channel_id DESC);

-- A message: text and/or one photo, video or voice message from an upload (purpose 'message', as DMs), or a poll
-- (question + 2–4 options; the options' lengths are the API's). Deleting one deletes the row and releases its upload.
CREATE TABLE broadcast_channel_messages (
    id              uuid PRIMARY KEY,
    channel_id      uuid NOT NULL REFERENCES broadcast_channels (id) ON DELETE CASCADE,
    sender_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    content         text,
    upload_id       uuid UNIQUE REFERENCES uploads (id) ON DELETE SET NULL,
    media_type      text,
    media_blob_name text,
    poll_question   text,
    poll_options    text[],
    created_at      timestamptz NOT NULL,
    CONSTRAINT broadcast_channel_messages_content_length CHECK (char_length(content) BETWEEN 1 AND 1000),
    CONSTRAINT broadcast_channel_messages_media_type CHECK (media_type IN ('image', 'video', 'audio')),
    CONSTRAINT broadcast_channel_messages_media_whole CHECK ((media_type IS NULL) = (media_blob_name IS NULL)),
    CONSTRAINT broadcast_channel_messages_poll_whole CHECK ((poll_question IS NULL) = (poll_options IS NULL)),
    CONSTRAINT broadcast_channel_messages_poll_question CHECK (char_length(poll_question) BETWEEN 1 AND 200),
    CONSTRAINT broadcast_channel_messages_poll_options CHECK (cardinality(poll_options) BETWEEN 2 AND 4 AND array_position(poll_options, NULL) IS NULL),
    CONSTRAINT broadcast_channel_messages_poll_alone CHECK (poll_question IS NULL OR (content IS NULL AND media_type IS NULL)),
    CONSTRAINT broadcast_channel_messages_not_empty CHECK (content IS NOT NULL OR media_type IS NOT NULL OR poll_question IS NOT NULL)
);
-- A channel's messages, newest first (keyset), and the unread count (messages newer than a read marker).
CREATE INDEX broadcast_channel_messages_channel ON broadcast_channel_messages (channel_id, created_at DESC, id DESC);
-- A sender's messages: the purge step and the cascade from users (a co-host's messages in someone else's channel).
CREATE INDEX broadcast_channel_messages_sender ON broadcast_channel_messages (sender_id);

-- One vote per account and poll, changeable (the option's index in poll_options); counted at read time.
CREATE TABLE broadcast_channel_votes (
    message_id   uuid NOT NULL REFERENCES broadcast_channel_messages (id) ON DELETE CASCADE,
    user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    option_index smallint NOT NULL,
    voted_at     timestamptz NOT NULL,
    CONSTRAINT broadcast_channel_votes_pkey PRIMARY KEY (message_id, user_id),
    CONSTRAINT broadcast_channel_votes_option CHECK (option_index BETWEEN 0 AND 3)
);
CREATE INDEX broadcast_channel_votes_user ON broadcast_channel_votes (user_id);

-- One reaction (an emoji) per account and message, as DM reactions (message_reactions).
CREATE TABLE broadcast_channel_reactions (
    message_id uuid NOT NULL REFERENCES broadcast_channel_messages (id) ON DELETE CASCADE,
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    emoji      text NOT NULL,
    created_at timestamptz NOT NULL,
    CONSTRAINT broadcast_channel_reactions_pkey PRIMARY KEY (message_id, user_id),
    CONSTRAINT broadcast_channel_reactions_emoji CHECK (char_length(emoji) BETWEEN 1 AND 16)
);
CREATE INDEX broadcast_channel_reactions_user ON broadcast_channel_reactions (user_id);

-- The invitation notice to the owner's followers when a channel is created ("ann invited you to join their broadcast
-- channel "Drops".") and the co-host invitation ("ann invited you to co-host their broadcast channel "Drops"."); entity:
-- the owner (a 'user' entity, which can_view_entity already knows; message: the channel's name).
ALTER TABLE notifications DROP CONSTRAINT notifications_type_check,
    ADD CONSTRAINT notifications_type_check CHECK (type IN ('like', 'comment', 'reply', 'comment_like', 'mention', 'tag', 'follow',
        'follow_request', 'follow_accept', 'story_reaction', 'story_mention', 'reel_like', 'reel_comment', 'live_started', 'system',
        'video_like', 'video_comment', 'price_drop', 'back_in_stock', 'comment_pin', 'note_like', 'countdown_ended', 'reel_remix',
        'new_post', 'new_story', 'new_reel', 'new_video', 'add_yours', 'live_invite', 'collab_invite', 'collab_accepted',
        'channel_invite', 'channel_cohost_invite'));
