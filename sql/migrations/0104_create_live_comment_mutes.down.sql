DROP TABLE IF EXISTS live_comment_mutes;
