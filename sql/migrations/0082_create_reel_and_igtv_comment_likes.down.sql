DELETE FROM notifications WHERE type = 'comment_like' AND entity_type IN ('reel_comment', 'igtv_comment');
ALTER TABLE igtv_comments DROP COLUMN IF EXISTS like_count;
ALTER TABLE reel_comments DROP COLUMN IF EXISTS like_count;
DROP TABLE IF EXISTS igtv_comment_likes;
DROP TABLE IF EXISTS reel_comment_likes;
