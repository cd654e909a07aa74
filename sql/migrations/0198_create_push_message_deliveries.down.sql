ALTER TABLE push_preferences DROP COLUMN IF EXISTS messages, DROP COLUMN IF EXISTS message_requests;
DROP TRIGGER IF EXISTS messages_queue_push ON messages;
DROP FUNCTION IF EXISTS queue_message_pushes();
DROP TABLE IF EXISTS push_message_deliveries;
