-- Comments on long-form videos (docs/videos.md "Comments"), the shape of reel_comments: one level of replies (a reply
-- names the top-level comment of its thread, on the same video: the composite foreign key), soft deletion, the
-- top-level list newest first and each thread oldest first by their own indexes. The seed had none, so
-- igtv_stats.comment_count had nothing to count.
CREATE TABLE igtv_comments (
    id         uuid PRIMARY KEY,
    video_id   uuid NOT NULL REFERENCES igtv_videos (id) ON DELETE CASCADE,
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    parent_id  uuid,
    content    text NOT NULL CHECK (char_length(content) BETWEEN 1 AND 2200),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    CONSTRAINT igtv_comments_id_video_key UNIQUE (id, video_id),
    CONSTRAINT igtv_comments_not_own_parent CHECK (parent_id <> id),
    CONSTRAINT igtv_comments_parent_fkey FOREIGN KEY (parent_id, video_id)
        REFERENCES igtv_comments (id, video_id) ON DELETE CASCADE
);
CREATE INDEX igtv_comments_video_top_level ON igtv_comments (video_id, created_at DESC, id DESC)
    WHERE parent_id IS NULL AND deleted_at IS NULL;
CREATE INDEX igtv_comments_thread ON igtv_comments (video_id, parent_id, created_at, id);
CREATE INDEX igtv_comments_user ON igtv_comments (user_id, created_at DESC, id DESC);
