ALTER TABLE users DROP COLUMN allow_comments_from;
