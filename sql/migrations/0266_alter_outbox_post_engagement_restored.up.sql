-- Reconciliation (and a recount by post-counters) subtracts the engagement events of a post that are committed but not yet
-- applied (docs/posts.md "counter-reconciliation"). A reversed removal's comment.restored counts a comment again, so it is
-- one of them: the index now covers it, or the query that names it could not use the index.
DROP INDEX IF EXISTS outbox_post_engagement;
CREATE INDEX outbox_post_engagement ON outbox ((payload->>'postId'), occurred_at)
    WHERE type IN ('post.liked', 'post.unliked', 'comment.created', 'comment.deleted', 'comment.restored', 'comment.liked', 'comment.unliked');
-- A deletion overtaking a restore claims it as it claims a creation (Features/Posts/CounterPairs.cs): the pairs index covers it.
DROP INDEX IF EXISTS outbox_engagement_pairs;
CREATE INDEX outbox_engagement_pairs ON outbox ((payload->>'postId'), (payload->>'commentId'), actor_id)
    WHERE type IN ('post.liked', 'comment.liked', 'comment.created', 'comment.restored');
