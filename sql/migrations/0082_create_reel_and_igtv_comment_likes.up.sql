-- Likes of comments on reels and long-form videos (docs/reels.md and docs/videos.md "Comment likes"). Post comments could
-- be liked (comment_likes) but reel and video comments, which look the same to a user, could not. The shape of
-- comment_likes: one row per account and comment, the likers newest first by the second index, which the recount reads.
-- The count lives on the comment row itself (like_count), kept by reel-counters and igtv-counters by recounting the rows,
-- so it is exact whatever order or duplicates the events come in; a like never touches the comment row in the request.
CREATE TABLE reel_comment_likes (
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    comment_id uuid NOT NULL REFERENCES reel_comments (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT reel_comment_likes_pkey PRIMARY KEY (user_id, comment_id)
);
CREATE INDEX reel_comment_likes_comment ON reel_comment_likes (comment_id, created_at DESC, user_id DESC);

CREATE TABLE igtv_comment_likes (
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    comment_id uuid NOT NULL REFERENCES igtv_comments (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT igtv_comment_likes_pkey PRIMARY KEY (user_id, comment_id)
);
CREATE INDEX igtv_comment_likes_comment ON igtv_comment_likes (comment_id, created_at DESC, user_id DESC);

-- A constant default: no table rewrite.
ALTER TABLE reel_comments ADD COLUMN like_count bigint NOT NULL DEFAULT 0,
    ADD CONSTRAINT reel_comments_like_count_check CHECK (like_count >= 0);
ALTER TABLE igtv_comments ADD COLUMN like_count bigint NOT NULL DEFAULT 0,
    ADD CONSTRAINT igtv_comments_like_count_check CHECK (like_count >= 0);
