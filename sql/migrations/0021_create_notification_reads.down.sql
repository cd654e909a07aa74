DROP FUNCTION IF EXISTS can_view_entity(uuid, text, uuid, timestamptz);
DROP INDEX IF EXISTS notifications_user_recent;
