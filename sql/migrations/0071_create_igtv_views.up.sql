-- Long-form videos (docs/videos.md). One row per (video, viewer): the account watched the video. A view counts once
-- per viewer and video: POST /videos/{id}/views inserts this row and raises igtv_video.viewed only when the insert
-- happened, and igtv-counters adds those events to igtv_stats.view_count.
CREATE TABLE igtv_views (
    video_id   uuid NOT NULL REFERENCES igtv_videos (id) ON DELETE CASCADE,
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    viewed_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT igtv_views_pkey PRIMARY KEY (video_id, user_id)
);
-- The user_id foreign key: an account's purge deletes its view rows through it.
CREATE INDEX igtv_views_user ON igtv_views (user_id);

-- GET /videos/drafts: the owner's live drafts, newest first (igtv_videos_author would walk every published video too).
CREATE INDEX igtv_videos_drafts ON igtv_videos (user_id, created_at DESC, id DESC) WHERE NOT is_published AND deleted_at IS NULL;
