-- Live guests (docs/live.md "Guests"), Instagram's "Live Rooms": the broadcaster invites up to three accounts to go live with
-- them. One row per broadcast and invited account: invited, then joined (with the guest's own stream key, its SHA-256 hex,
-- as the broadcast's) or declined; a guest then leaves or is removed, and the broadcast's end closes what is open (joined
-- → left, invited → expired). Inviting again after any ending starts the row over. At most three joined at once: accepting
-- counts them under the broadcast's row lock (LiveGuestsApi), as joins and leaves of viewers do.
CREATE TABLE live_stream_guests (
    stream_id       uuid NOT NULL REFERENCES live_streams (id) ON DELETE CASCADE,
    user_id         uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    status          text NOT NULL DEFAULT 'invited',
    invited_at      timestamptz NOT NULL,
    joined_at       timestamptz,
    ended_at        timestamptz,
    stream_key_hash text,
    CONSTRAINT live_stream_guests_pkey PRIMARY KEY (stream_id, user_id),
    CONSTRAINT live_stream_guests_status_check CHECK (status IN ('invited', 'joined', 'declined', 'left', 'removed', 'expired')),
    -- Joined, and ended after joining, keep when they joined; an invitation never answered or declined has no such time.
    CONSTRAINT live_stream_guests_joined CHECK ((joined_at IS NOT NULL) = (status IN ('joined', 'left', 'removed'))),
    CONSTRAINT live_stream_guests_ended CHECK ((ended_at IS NOT NULL) = (status IN ('declined', 'left', 'removed', 'expired'))),
    -- Only a guest on the air has a key; it is unique, as the broadcasts' own.
    CONSTRAINT live_stream_guests_key_while_joined CHECK ((stream_key_hash IS NOT NULL) = (status = 'joined')),
    CONSTRAINT live_stream_guests_key_unique UNIQUE (stream_key_hash),
    CONSTRAINT live_stream_guests_order CHECK (joined_at >= invited_at AND ended_at >= invited_at)
);
-- An account's open invitations, newest first; and the cascade from users.
CREATE INDEX live_stream_guests_invited ON live_stream_guests (user_id, invited_at DESC, stream_id DESC) WHERE status = 'invited';
CREATE INDEX live_stream_guests_user ON live_stream_guests (user_id);

-- The invitation notice: "ann invited you to go live with them." (entity: the broadcast).
ALTER TABLE notifications DROP CONSTRAINT notifications_type_check,
    ADD CONSTRAINT notifications_type_check CHECK (type IN ('like', 'comment', 'reply', 'comment_like', 'mention', 'tag', 'follow',
        'follow_request', 'follow_accept', 'story_reaction', 'story_mention', 'reel_like', 'reel_comment', 'live_started', 'system',
        'video_like', 'video_comment', 'price_drop', 'back_in_stock', 'comment_pin', 'note_like', 'countdown_ended', 'reel_remix',
        'new_post', 'new_story', 'new_reel', 'new_video', 'add_yours', 'live_invite'));
