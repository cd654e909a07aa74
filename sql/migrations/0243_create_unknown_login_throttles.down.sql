DROP TABLE IF EXISTS unknown_login_throttles;
