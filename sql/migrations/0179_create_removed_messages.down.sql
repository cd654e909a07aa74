DROP TABLE IF EXISTS removed_messages;
