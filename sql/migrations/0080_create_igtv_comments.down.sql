DROP TABLE IF EXISTS igtv_comments;
