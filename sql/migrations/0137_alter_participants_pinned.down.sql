DROP INDEX IF EXISTS conversation_participants_pinned;
ALTER TABLE conversation_participants DROP CONSTRAINT IF EXISTS conversation_participants_pinned_in_inbox,
    DROP COLUMN IF EXISTS pinned_at;
