DROP FUNCTION IF EXISTS can_view_story(uuid, uuid, text);
DROP FUNCTION IF EXISTS can_view_content(uuid, uuid);
DROP FUNCTION IF EXISTS can_view_profile(uuid, uuid);
DROP FUNCTION IF EXISTS is_blocked_between(uuid, uuid);
