DROP INDEX messages_content_trgm;
