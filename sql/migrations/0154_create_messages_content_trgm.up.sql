-- Searching all of one's chats (docs/messages.md "Search in all chats"): a trigram index on what messages say, so a term
-- of three characters or more finds its candidate messages across every thread without reading the caller's threads
-- one by one. Partial on text that exists: photos, shares and taken-down tombstones say nothing (ILIKE implies it).
CREATE INDEX messages_content_trgm ON messages USING gin (content gin_trgm_ops) WHERE content IS NOT NULL;
