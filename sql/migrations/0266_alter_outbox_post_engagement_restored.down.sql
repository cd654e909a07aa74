DROP INDEX IF EXISTS outbox_post_engagement;
CREATE INDEX outbox_post_engagement ON outbox ((payload->>'postId'), occurred_at)
    WHERE type IN ('post.liked', 'post.unliked', 'comment.created', 'comment.deleted', 'comment.liked', 'comment.unliked');
