-- Where a product is bought (docs/shopping.md "Buying"): the app has no checkout, so a shopper leaves for the seller's
-- site, and the seed's products had no address to leave for. HTTPS only (a shop page takes payment details), at most
-- 2,048 characters; null: the product is shown without a buy link.
ALTER TABLE products ADD COLUMN url text,
    ADD CONSTRAINT products_url_check CHECK (url IS NULL OR (char_length(url) <= 2048 AND url ~ '^https://[^[:space:]/]'));
