-- Products tagged on reels (docs/shopping.md "Product tags"): a seller's reel shows "View products" as Instagram's do.
-- The seed tags products on posts only (post_product_tags). A reel is a moving picture, so a tag has no place on it (no
-- x/y). reel_product_tags_product lists the reels featuring a product, most recently tagged first.
CREATE TABLE reel_product_tags (
    reel_id    uuid NOT NULL REFERENCES reels (id) ON DELETE CASCADE,
    product_id uuid NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT reel_product_tags_pkey PRIMARY KEY (reel_id, product_id)
);
CREATE INDEX reel_product_tags_product ON reel_product_tags (product_id, created_at DESC, reel_id DESC);
