-- A seller's deletion (final) no longer deletes every post and reel tag of the product in the request: every reader
-- already leaves out a deleted product's tags, and product-tag-cleanup deletes them in batches, clearing the flag when
-- none is left (docs/shopping.md "Selling"). A moderator's removal never sets it: its tags wait for an appeal.
ALTER TABLE products ADD COLUMN tags_to_clear boolean NOT NULL DEFAULT false,
    ADD CONSTRAINT products_tags_to_clear_when_deleted CHECK (NOT tags_to_clear OR deleted_at IS NOT NULL);
CREATE INDEX products_tags_to_clear ON products (deleted_at, id) WHERE tags_to_clear;
