DROP INDEX IF EXISTS outbox_post_engagement;
CREATE INDEX outbox_post_engagement ON outbox ((payload->>'postId'), occurred_at)
    WHERE type IN ('post.liked', 'post.unliked', 'comment.created', 'comment.deleted', 'comment.liked', 'comment.unliked');
DROP INDEX IF EXISTS outbox_engagement_pairs;
CREATE INDEX outbox_engagement_pairs ON outbox ((payload->>'postId'), (payload->>'commentId'), actor_id)
    WHERE type IN ('post.liked', 'comment.liked', 'comment.created');
