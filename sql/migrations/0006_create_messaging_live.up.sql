-- Direct messages (seed: conversations, conversation_participants, messages, message_reads) and live
-- streaming (seed: live_streams, live_stream_viewers, live_comments).

CREATE TABLE conversations (
    id                    uuid PRIMARY KEY,
    is_group              boolean NOT NULL DEFAULT false,
    -- The two participant ids of a one-to-one thread, lower first ("a:b"), so concurrent "start a
    -- conversation" calls for the same pair converge on one thread. NULL for groups.
    direct_key            text UNIQUE CHECK (direct_key ~ '^[0-9a-f-]{36}:[0-9a-f-]{36}$'),
    group_name            text CHECK (char_length(group_name) BETWEEN 1 AND 100),
    group_image_blob_name text,                   -- seed: group_image_url
    -- A thread outlives the account that opened it.
    created_by            uuid REFERENCES users (id) ON DELETE SET NULL,
    last_message_at       timestamptz,
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT conversations_direct_key_iff_one_to_one CHECK (is_group = (direct_key IS NULL)),
    CONSTRAINT conversations_group_fields_only_for_groups
        CHECK (is_group OR (group_name IS NULL AND group_image_blob_name IS NULL))
);
CREATE INDEX conversations_created_by ON conversations (created_by) WHERE created_by IS NOT NULL;

-- Archiving and muting are per participant (the seed's conversations.is_archived moved here):
-- one side archiving a thread must not hide it from the other.
CREATE TABLE conversation_participants (
    conversation_id uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    user_id         uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    joined_at       timestamptz NOT NULL DEFAULT now(),
    left_at         timestamptz,
    is_admin        boolean NOT NULL DEFAULT false,
    is_archived     boolean NOT NULL DEFAULT false,
    is_muted        boolean NOT NULL DEFAULT false,
    CONSTRAINT conversation_participants_pkey PRIMARY KEY (conversation_id, user_id),
    CONSTRAINT conversation_participants_left_after_joining CHECK (left_at >= joined_at)
);
-- A user's inbox (current threads); the participant check of every DM read uses the primary key.
CREATE INDEX conversation_participants_user ON conversation_participants (user_id, conversation_id);

-- Unsending deletes the row (for everyone); replies to it keep pointing nowhere (SET NULL).
CREATE TABLE messages (
    id                  uuid PRIMARY KEY,
    conversation_id     uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    -- Purging an account removes what it said, as for its posts and comments.
    sender_id           uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    message_type        text NOT NULL CHECK (message_type IN ('text', 'image', 'video', 'audio', 'post_share', 'story_share')),
    content             text CHECK (char_length(content) BETWEEN 1 AND 2000),
    upload_id           uuid UNIQUE REFERENCES uploads (id) ON DELETE SET NULL,
    media_blob_name     text,                     -- seed: media_url
    -- A shared post or story that is purged leaves the message as "no longer available".
    shared_post_id      uuid REFERENCES posts (id) ON DELETE SET NULL,
    shared_story_id     uuid REFERENCES stories (id) ON DELETE SET NULL,
    reply_to_message_id uuid REFERENCES messages (id) ON DELETE SET NULL,
    is_edited           boolean NOT NULL DEFAULT false,
    created_at          timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT messages_text_has_content CHECK (message_type <> 'text' OR content IS NOT NULL),
    CONSTRAINT messages_media_iff_media_type
        CHECK ((message_type IN ('image', 'video', 'audio')) = (media_blob_name IS NOT NULL)),
    CONSTRAINT messages_shared_post_only_for_post_share CHECK (shared_post_id IS NULL OR message_type = 'post_share'),
    CONSTRAINT messages_shared_story_only_for_story_share CHECK (shared_story_id IS NULL OR message_type = 'story_share')
);
-- A thread's messages in keyset order.
CREATE INDEX messages_conversation ON messages (conversation_id, created_at DESC, id DESC);
CREATE INDEX messages_sender ON messages (sender_id);
CREATE INDEX messages_shared_post ON messages (shared_post_id) WHERE shared_post_id IS NOT NULL;
CREATE INDEX messages_shared_story ON messages (shared_story_id) WHERE shared_story_id IS NOT NULL;
CREATE INDEX messages_reply_to ON messages (reply_to_message_id) WHERE reply_to_message_id IS NOT NULL;

CREATE TABLE message_reads (
    message_id uuid NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    read_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT message_reads_pkey PRIMARY KEY (message_id, user_id)
);
CREATE INDEX message_reads_user ON message_reads (user_id, message_id);

-- The ingest key is a credential: only its SHA-256 is stored (as for refresh tokens). rtmp_url and
-- hls_url are the streaming provider's endpoints, not blobs. Viewer counts live in live_stream_stats.
CREATE TABLE live_streams (
    id              uuid PRIMARY KEY,
    user_id         uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title           text CHECK (char_length(title) BETWEEN 1 AND 100),
    description     text CHECK (char_length(description) <= 2200),
    stream_key_hash text NOT NULL UNIQUE,
    rtmp_url        text CHECK (rtmp_url ~ '^rtmps?://'),
    hls_url         text CHECK (hls_url ~ '^https://'),
    status          text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'live', 'ended', 'cancelled')),
    scheduled_at    timestamptz,
    started_at      timestamptz,
    ended_at        timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT live_streams_started_unless_scheduled
        CHECK ((status IN ('live', 'ended')) = (started_at IS NOT NULL)),
    CONSTRAINT live_streams_ended_at_iff_over CHECK ((status IN ('ended', 'cancelled')) = (ended_at IS NOT NULL)),
    CONSTRAINT live_streams_ends_after_start CHECK (ended_at >= started_at)
);
CREATE INDEX live_streams_user ON live_streams (user_id, created_at DESC, id DESC);
-- At most one live broadcast per account; also the "live now" lookup of an account.
CREATE UNIQUE INDEX live_streams_one_live_per_user ON live_streams (user_id) WHERE status = 'live';
-- Upcoming scheduled streams.
CREATE INDEX live_streams_scheduled ON live_streams (scheduled_at) WHERE status = 'scheduled';

-- One row per viewer and stream; rejoining reopens it (left_at NULL) and watch_duration accumulates.
CREATE TABLE live_stream_viewers (
    stream_id      uuid NOT NULL REFERENCES live_streams (id) ON DELETE CASCADE,
    user_id        uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    joined_at      timestamptz NOT NULL DEFAULT now(),
    left_at        timestamptz,
    watch_duration integer NOT NULL DEFAULT 0 CHECK (watch_duration >= 0), -- seconds
    CONSTRAINT live_stream_viewers_pkey PRIMARY KEY (stream_id, user_id),
    CONSTRAINT live_stream_viewers_left_after_joining CHECK (left_at >= joined_at)
);
CREATE INDEX live_stream_viewers_user ON live_stream_viewers (user_id);

CREATE TABLE live_comments (
    id         uuid PRIMARY KEY,
    stream_id  uuid NOT NULL REFERENCES live_streams (id) ON DELETE CASCADE,
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    content    text NOT NULL CHECK (char_length(content) BETWEEN 1 AND 300),
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX live_comments_stream ON live_comments (stream_id, created_at DESC, id DESC);
CREATE INDEX live_comments_user ON live_comments (user_id);
