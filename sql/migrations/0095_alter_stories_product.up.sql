-- A product sticker on a story (docs/stories.md "Product sticker"), as Instagram's stories have: a business profile puts one
-- of its own products on a story when it posts it. The seed tagged products on posts only. One sticker per story, so a
-- column, not a table. Deleting the product for good (the account purge) takes the sticker off and keeps the story; a
-- product that is soft-deleted, unavailable or hidden is left out when the story is read.
ALTER TABLE stories ADD COLUMN product_id uuid REFERENCES products (id) ON DELETE SET NULL;

-- Serves the foreign key (a product's hard delete finds its stories) and nothing else: stories are read by their ids.
CREATE INDEX stories_product ON stories (product_id) WHERE product_id IS NOT NULL;
