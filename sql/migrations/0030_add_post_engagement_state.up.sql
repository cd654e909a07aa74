-- What posts, engagement and collections need on top of the data model (docs/posts.md).

-- The validated content type of each media item, copied from its upload claim: read URLs are signed
-- for exactly this type. NULL only for rows written by other tools (readers fall back on the upload).
ALTER TABLE post_media ADD COLUMN content_type text;

-- Set by post-media-cleanup once the objects of a deleted post are gone from storage.
ALTER TABLE posts ADD COLUMN media_purged_at timestamptz;
-- The job's work list: deleted posts whose objects are still stored.
CREATE INDEX posts_media_to_purge ON posts (deleted_at) WHERE deleted_at IS NOT NULL AND media_purged_at IS NULL;

-- Saved posts: Instagram's implicit "All posts". The data model has named collections only; a saved
-- post need not be in any of them, and unsaving removes it from all of them.
CREATE TABLE saved_posts (
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    post_id    uuid NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT saved_posts_pkey PRIMARY KEY (user_id, post_id)
);
-- The saved list in keyset order; also serves the user_id foreign key.
CREATE INDEX saved_posts_user_recent ON saved_posts (user_id, created_at DESC, post_id DESC);
CREATE INDEX saved_posts_post ON saved_posts (post_id);

-- What post-counters last added for a post to user_stats.post_count (counted) and to
-- hashtag_stats.post_count (hashtag_ids). The consumer moves these to the post's current state and
-- applies the difference, so archive, unarchive, edit and delete events may arrive in any order.
CREATE TABLE post_counter_state (
    post_id     uuid PRIMARY KEY REFERENCES posts (id) ON DELETE CASCADE,
    counted     boolean NOT NULL,
    hashtag_ids uuid[] NOT NULL DEFAULT '{}',
    updated_at  timestamptz NOT NULL
);

-- Engagement events of a post in time order: what post-counters has not applied yet (reconciliation
-- subtracts these from count(*) so that in-flight events are not mistaken for drift).
CREATE INDEX outbox_post_engagement ON outbox ((payload->>'postId'), occurred_at)
    WHERE type IN ('post.liked', 'post.unliked', 'comment.created', 'comment.deleted', 'comment.liked', 'comment.unliked');
-- The increment an unlike or a comment deletion cancels when it overtakes it (same post, comment, actor).
CREATE INDEX outbox_engagement_pairs ON outbox ((payload->>'postId'), (payload->>'commentId'), actor_id)
    WHERE type IN ('post.liked', 'comment.liked', 'comment.created');
