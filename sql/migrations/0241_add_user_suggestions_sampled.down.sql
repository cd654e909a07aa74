ALTER TABLE user_suggestion_runs DROP COLUMN sampled;
DROP FUNCTION get_user_suggestions_sampled(uuid, integer, integer, integer);
