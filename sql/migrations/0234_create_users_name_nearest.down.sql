DROP INDEX IF EXISTS users_full_name_nearest;
DROP INDEX IF EXISTS users_username_nearest;
