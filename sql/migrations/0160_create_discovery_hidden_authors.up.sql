-- "Don't suggest posts from this account" (docs/feed.md "Not interested"): an account whose posts and reels a user asked
-- never to be shown where they discover things (explore, recommended reels). Following the account is unaffected.
CREATE TABLE discovery_hidden_authors (
    user_id    uuid NOT NULL CONSTRAINT discovery_hidden_authors_user_id_fkey REFERENCES users (id) ON DELETE CASCADE,
    author_id  uuid NOT NULL CONSTRAINT discovery_hidden_authors_author_id_fkey REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL,
    CONSTRAINT discovery_hidden_authors_pkey PRIMARY KEY (user_id, author_id),
    CONSTRAINT discovery_hidden_authors_not_self CHECK (user_id <> author_id)
);
CREATE INDEX discovery_hidden_authors_author ON discovery_hidden_authors (author_id);
