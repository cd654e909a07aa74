-- Notes (docs/notes.md), as Instagram's: a line of up to 60 characters an account shows for a day at the top of its
-- mutual followers' (or only its close friends') inbox, which they can like. The seed had no notes. One note per account:
-- a new one replaces the last (notes_user_key), taking its likes with it; an expired note is left out of every read and
-- replaced or deleted by its author, so the table holds at most one row per account. notes_user_key also answers the tray
-- (one probe per followed account); note_likes_user serves the user foreign key (an account's purge) and the export.
CREATE TABLE notes (
    id         uuid PRIMARY KEY,
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    text       text NOT NULL CHECK (char_length(text) BETWEEN 1 AND 60),
    audience   text NOT NULL CHECK (audience IN ('mutuals', 'close_friends')),
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    CONSTRAINT notes_user_key UNIQUE (user_id),
    CONSTRAINT notes_expires_after_created CHECK (expires_at > created_at)
);

CREATE TABLE note_likes (
    note_id    uuid NOT NULL REFERENCES notes (id) ON DELETE CASCADE,
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT note_likes_pkey PRIMARY KEY (note_id, user_id)
);
CREATE INDEX note_likes_user ON note_likes (user_id);
