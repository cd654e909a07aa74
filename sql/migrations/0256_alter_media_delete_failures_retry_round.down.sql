UPDATE media_delete_failures SET attempts = 1 WHERE attempts = 0;
ALTER TABLE media_delete_failures DROP CONSTRAINT media_delete_failures_attempts_check;
ALTER TABLE media_delete_failures ADD CONSTRAINT media_delete_failures_attempts_check CHECK (attempts >= 1);
