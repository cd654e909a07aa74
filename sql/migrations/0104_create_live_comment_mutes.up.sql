-- Muting a commenter in a live broadcast (docs/live.md "Moderation"): the broadcaster stops one account from commenting in
-- this broadcast while it may go on watching, the lighter step before removing it (0093). The seed had no live
-- moderation. The key answers "may this account comment here?" on every comment; live_comment_mutes_user serves the user
-- foreign key and the export.
CREATE TABLE live_comment_mutes (
    stream_id  uuid NOT NULL REFERENCES live_streams (id) ON DELETE CASCADE,
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT live_comment_mutes_pkey PRIMARY KEY (stream_id, user_id)
);
CREATE INDEX live_comment_mutes_user ON live_comment_mutes (user_id, created_at DESC, stream_id DESC);
