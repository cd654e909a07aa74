DROP TABLE IF EXISTS mail_throttles;
