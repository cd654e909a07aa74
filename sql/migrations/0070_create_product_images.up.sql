-- Shopping gets its API (docs/shopping.md). Three changes to the tables of 0004 and 0007:
--
-- 1. A media purpose 'product': product photos are uploads like any other (validated, claimed, signed reads).
--
-- 2. product_images replaces products.image_blob_names. A jsonb array of blob names loses the link to the
--    upload behind each photo: nothing could release a replaced photo's upload (so media-cleanup would never
--    delete its object), nothing could say which content type to sign a read URL for, and nothing stopped the
--    same upload backing two products or a name that is no upload at all. A row per photo references its
--    upload (UNIQUE: one upload backs one photo), whose row holds the blob name, the validated type and
--    released_at. CASCADE on upload_id: an upload row only goes with its owner's purge, which removes the
--    product too; the photo means nothing without it.
--
-- 3. image_blob_names stays (dropping it would leave the down unable to restore the column in its place), but
--    must stay empty, so the photos have one source of truth.
ALTER TABLE uploads DROP CONSTRAINT uploads_purpose_check;
ALTER TABLE uploads ADD CONSTRAINT uploads_purpose_check
    CHECK (purpose IN ('post', 'story', 'reel', 'video', 'avatar', 'message', 'product'));

CREATE TABLE product_images (
    product_id uuid NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    upload_id  uuid NOT NULL REFERENCES uploads (id) ON DELETE CASCADE,
    -- At most 10 photos per product; position 0 is the cover.
    position   smallint NOT NULL CHECK (position BETWEEN 0 AND 9),
    created_at timestamptz NOT NULL DEFAULT now(),
    -- A product's photos in order (every product read); also serves the product_id foreign key.
    CONSTRAINT product_images_pkey PRIMARY KEY (product_id, position),
    -- One upload backs one photo; also serves the upload_id foreign key.
    CONSTRAINT product_images_upload_key UNIQUE (upload_id)
);

ALTER TABLE products ADD CONSTRAINT products_image_blob_names_retired CHECK (image_blob_names = '[]'::jsonb);

-- The seller's own catalogue (GET /users/me/products) adds their unavailable products to the shop: a keyset page of
-- each (products_seller_shop and this one), merged. An index of all live products would compete with the shop's for
-- the buyers' query, which must read only available ones.
CREATE INDEX products_seller_unavailable ON products (user_id, created_at DESC, id DESC) WHERE NOT is_available AND deleted_at IS NULL;
