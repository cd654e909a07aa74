-- A trickle of likes is one notification on the phone, updated, not one per like (docs/social-graph.md "Push
-- notifications"). The push-delivery job folds the notices of one group that arrive between two runs into one push
-- ("ann and 12 others liked your post."); a like every minute still made a push each, each naming one account. Each
-- browser now remembers, per topic (the group: recipient, type and entity, as the Web Push Topic names it), what it was
-- last pushed: the next push of the group carries the earlier ones on ("bob and 13 others …", the same `tag`, so the
-- service worker replaces the shown notification) while the recipient has not read the inbox since and within a day
-- (the grouped inbox's window). A row is written when a push is delivered; push-delivery deletes rows older than that
-- day before each run.
CREATE TABLE push_folds (
    subscription_id uuid NOT NULL REFERENCES push_subscriptions (id) ON DELETE CASCADE,
    topic text NOT NULL CONSTRAINT push_folds_topic_length CHECK (length(topic) = 32),
    -- The newest account the last push named: it becomes one of the "others" when someone else comes next.
    actor_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    others integer NOT NULL CONSTRAINT push_folds_others_count CHECK (others >= 0),
    notices integer NOT NULL CONSTRAINT push_folds_notices_count CHECK (notices >= 1 AND others < notices),
    -- The newest notice pushed (notifications.seq): once the recipient's read mark passes it, the fold starts over.
    last_seq bigint NOT NULL,
    pushed_at timestamptz NOT NULL,
    PRIMARY KEY (subscription_id, topic)
);
-- The housekeeping's walk to folds older than a day; the actor's purge finds its rows through push_folds_actor.
CREATE INDEX push_folds_pushed ON push_folds (pushed_at);
CREATE INDEX push_folds_actor ON push_folds (actor_id);
