-- A moderator's retry of a refused delete (POST /api/v1/moderation/media-deletes/{id}/retry) starts a fresh round of
-- attempts (docs/media.md "Refused deletes"): attempts is 0 from the retry until the job's next try. Before, the attempts
-- stayed, so a retried record refused once more was given up at once, whatever had been done about the cause.
ALTER TABLE media_delete_failures DROP CONSTRAINT media_delete_failures_attempts_check;
ALTER TABLE media_delete_failures ADD CONSTRAINT media_delete_failures_attempts_check CHECK (attempts >= 0);
