-- Pinned posts (docs/posts.md "Pinned posts"): an account pins up to three of its posts to the top of its grid, as on
-- Instagram. pinned_at orders them (the latest pinned first); archiving a post unpins it. The limit of three is kept by
-- the pin route under an advisory lock of the account (a CHECK cannot count rows).
ALTER TABLE posts ADD COLUMN pinned_at timestamptz;
CREATE INDEX posts_pinned ON posts (user_id, pinned_at DESC) WHERE pinned_at IS NOT NULL;
