-- Reels and long-form videos shared in direct messages (docs/messages.md "Shared posts, stories, reels and videos"), as
-- posts and stories are: the seed's messages could point at a post or a story only, so reel_stats.share_count and
-- igtv_stats.share_count had nothing to count. A shared reel or video removed for good leaves the message as "no longer
-- available" (SET NULL; the type still says what it was). The partial indexes serve the share recount of
-- reel-counters and igtv-counters.
ALTER TABLE messages
    ADD COLUMN shared_reel_id uuid REFERENCES reels (id) ON DELETE SET NULL,
    ADD COLUMN shared_video_id uuid REFERENCES igtv_videos (id) ON DELETE SET NULL,
    DROP CONSTRAINT messages_message_type_check,
    ADD CONSTRAINT messages_message_type_check
        CHECK (message_type IN ('text', 'image', 'video', 'audio', 'post_share', 'story_share', 'reel_share', 'video_share')),
    ADD CONSTRAINT messages_shared_reel_only_for_reel_share CHECK (shared_reel_id IS NULL OR message_type = 'reel_share'),
    ADD CONSTRAINT messages_shared_video_only_for_video_share CHECK (shared_video_id IS NULL OR message_type = 'video_share');
CREATE INDEX messages_shared_reel ON messages (shared_reel_id) WHERE shared_reel_id IS NOT NULL;
CREATE INDEX messages_shared_video ON messages (shared_video_id) WHERE shared_video_id IS NOT NULL;
