-- Restrict (docs/social-graph.md "Restrict"), as Instagram's: a quieter step than a block. An account restricts another; from
-- then on the other's new comments on the restricter's posts, reels and videos are held: seen only by their writer (who is
-- not told) until the owner approves one, which then counts, notifies and shows as if just written. The seed had neither.
-- restrictions_pkey answers "is this commenter restricted here?" on every comment written; restrictions_list pages the
-- restricter's list newest first; restrictions_restricted serves the restricted_id foreign key (an account's purge).
CREATE TABLE restrictions (
    restricter_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    restricted_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT restrictions_pkey PRIMARY KEY (restricter_id, restricted_id),
    CONSTRAINT restrictions_not_self CHECK (restricter_id <> restricted_id)
);
CREATE INDEX restrictions_list ON restrictions (restricter_id, created_at DESC, restricted_id DESC);
CREATE INDEX restrictions_restricted ON restrictions (restricted_id);

-- held_at: when a comment was held for its thing's owner to review (NULL: shown to everyone who may see the thread).
-- Approval sets it back to NULL. The partial indexes hold only live held rows: the owner's review list, newest first.
ALTER TABLE comments ADD COLUMN held_at timestamptz;
ALTER TABLE reel_comments ADD COLUMN held_at timestamptz;
ALTER TABLE igtv_comments ADD COLUMN held_at timestamptz;
CREATE INDEX comments_post_held ON comments (post_id, created_at DESC, id DESC) WHERE held_at IS NOT NULL AND deleted_at IS NULL;
CREATE INDEX reel_comments_held ON reel_comments (reel_id, created_at DESC, id DESC) WHERE held_at IS NOT NULL AND deleted_at IS NULL;
CREATE INDEX igtv_comments_held ON igtv_comments (video_id, created_at DESC, id DESC) WHERE held_at IS NOT NULL AND deleted_at IS NULL;
