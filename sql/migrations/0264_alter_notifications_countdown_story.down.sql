-- The notices go back to naming their countdown by author, title and announcement time alone.
ALTER TABLE notifications DROP COLUMN story_id;
