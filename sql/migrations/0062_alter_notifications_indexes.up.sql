-- The notification consumers look a notice up by its whole identity (recipient, actor, type, entity)
-- before writing it (no duplicate after a like/unlike/like) and when taking it back. With only
-- (actor_id) indexed, that look-up read every notice the actor ever caused — for an account that
-- likes a lot, hundreds of rows per like. This index answers it with one probe per partition and
-- still leads with actor_id, so the ON DELETE CASCADE of an actor is served as before.
CREATE INDEX notifications_pair ON notifications (actor_id, user_id, type, entity_id) WHERE actor_id IS NOT NULL;
DROP INDEX notifications_actor;
