-- Hidden words (docs/social-graph.md "Hidden words"), as Instagram's: an account lists words, phrases or emoji it does not
-- want under its posts, reels and videos; a comment there that contains one is held (comments.held_at, 0105) for the
-- account to review, as a restricted account's comments are. The seed had no filter. The API stores words lower-cased
-- with white space collapsed (HiddenWords.Normalize), so the key is also the uniqueness rule; the CHECK keeps what does not
-- depend on the server's locale (length, no outer spaces). The key serves the account's list, every comment written (one
-- range read of the owner's words) and the user foreign key.
CREATE TABLE hidden_words (
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    word       text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT hidden_words_pkey PRIMARY KEY (user_id, word),
    CONSTRAINT hidden_words_word CHECK (char_length(word) BETWEEN 1 AND 100 AND word = btrim(word))
);
