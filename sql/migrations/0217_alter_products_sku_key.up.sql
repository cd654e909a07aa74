-- A seller's SKU is unique among their products that exist for shoppers. 0007's UNIQUE (user_id, sku) spanned deleted rows
-- too: a seller's own deletion had to clear the SKU (844faa2), and a product a moderator removed — kept whole for a possible
-- appeal — held its SKU for as long as the removal stood, so the seller could not list a corrected product under it. Now a
-- partial unique index over live rows; a reinstated product whose SKU was taken meanwhile comes back without one
-- (ProductReinstatement, docs/shopping.md "Removed products"). The name stays, so the 409 naming sku still finds it.
ALTER TABLE products DROP CONSTRAINT products_seller_sku_key;
CREATE UNIQUE INDEX products_seller_sku_key ON products (user_id, sku) WHERE deleted_at IS NULL;
-- The constraint's index also served products.user_id's foreign key (the account purge's cascade reads every product of
-- the account, deleted ones too), which a partial index cannot.
CREATE INDEX products_user ON products (user_id);
