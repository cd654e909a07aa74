CREATE INDEX IF NOT EXISTS notifications_actor ON notifications (actor_id) WHERE actor_id IS NOT NULL;
DROP INDEX IF EXISTS notifications_pair;
