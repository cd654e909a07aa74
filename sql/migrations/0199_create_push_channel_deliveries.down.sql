ALTER TABLE push_preferences DROP COLUMN IF EXISTS channels;
DROP TRIGGER IF EXISTS broadcast_channel_messages_queue_push ON broadcast_channel_messages;
DROP FUNCTION IF EXISTS queue_channel_pushes();
DROP TABLE IF EXISTS push_channel_deliveries;
DROP TABLE IF EXISTS push_channel_fanouts;
