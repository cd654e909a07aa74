DROP TABLE IF EXISTS user_suggestions;
DROP TABLE IF EXISTS user_suggestion_runs;
