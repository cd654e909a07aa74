ALTER TABLE conversation_participants DROP CONSTRAINT IF EXISTS conversation_participants_hidden_request,
    DROP COLUMN IF EXISTS request_hidden_at;
