DROP INDEX IF EXISTS hashtags_name_pattern;
