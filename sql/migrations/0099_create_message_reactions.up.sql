-- Reactions to direct messages (docs/messages.md "Reactions"): a participant reacts to a message with one emoji, as in
-- Instagram's chats (double-tap for a heart, or any emoji); a new one replaces the old. The seed's messages had none.
-- The key is one reaction per account and message (the upsert's conflict target, and a message's reactions for every
-- page of the thread); message_reactions_user serves the user foreign key and the export. Unsending a message takes its
-- reactions with it (CASCADE), as does the purge of an account.
CREATE TABLE message_reactions (
    message_id uuid NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- One emoji, which can be a sequence of up to a dozen code points (a family, a flag, a skin tone); the API checks
    -- it is one grapheme that is an emoji.
    emoji      text NOT NULL CHECK (char_length(emoji) BETWEEN 1 AND 16),
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT message_reactions_pkey PRIMARY KEY (message_id, user_id)
);
CREATE INDEX message_reactions_user ON message_reactions (user_id, created_at DESC, message_id DESC);
