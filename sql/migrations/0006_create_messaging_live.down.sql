DROP TABLE IF EXISTS live_comments;
DROP TABLE IF EXISTS live_stream_viewers;
DROP TABLE IF EXISTS live_streams;
DROP TABLE IF EXISTS message_reads;
DROP TABLE IF EXISTS messages;
DROP TABLE IF EXISTS conversation_participants;
DROP TABLE IF EXISTS conversations;
