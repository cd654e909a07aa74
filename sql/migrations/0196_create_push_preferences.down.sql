DROP TABLE IF EXISTS push_preferences;
