DROP INDEX outbox_engagement_pairs;
DROP INDEX outbox_post_engagement;
DROP TABLE post_counter_state;
DROP TABLE saved_posts;
DROP INDEX posts_media_to_purge;
ALTER TABLE posts DROP COLUMN media_purged_at;
ALTER TABLE post_media DROP COLUMN content_type;
