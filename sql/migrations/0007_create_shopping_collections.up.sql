-- Shopping (seed: products, post_product_tags, wishlists) and organisation (seed: collections,
-- collection_posts, highlights, highlight_stories). The seed's collections.posts_count and
-- highlights.story_count are not stored: both are count(*) over a small, indexed set (see docs).

CREATE TABLE products (
    id               uuid PRIMARY KEY,
    user_id          uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE, -- the seller
    name             text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    description      text NOT NULL DEFAULT '' CHECK (char_length(description) <= 5000),
    price            numeric(12, 2) NOT NULL CHECK (price >= 0),
    currency         text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'), -- ISO 4217
    category         text CHECK (char_length(category) <= 100),
    brand            text CHECK (char_length(brand) <= 100),
    sku              text CHECK (char_length(sku) BETWEEN 1 AND 64),
    stock_quantity   integer NOT NULL DEFAULT 0 CHECK (stock_quantity >= 0),
    -- Blob names of the product images (seed: images, an array of URLs).
    image_blob_names jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(image_blob_names) = 'array'),
    is_available     boolean NOT NULL DEFAULT true,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    deleted_at       timestamptz,
    -- A seller's SKUs are unique; also serves the user_id foreign key.
    CONSTRAINT products_seller_sku_key UNIQUE (user_id, sku)
);
-- A seller's shop as buyers see it.
CREATE INDEX products_seller_shop ON products (user_id, created_at DESC, id DESC)
    WHERE is_available AND deleted_at IS NULL;

CREATE TABLE post_product_tags (
    post_id      uuid NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    product_id   uuid NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    x_coordinate double precision NOT NULL CHECK (x_coordinate BETWEEN 0 AND 1),
    y_coordinate double precision NOT NULL CHECK (y_coordinate BETWEEN 0 AND 1),
    created_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT post_product_tags_pkey PRIMARY KEY (post_id, product_id)
);
-- Posts featuring a product.
CREATE INDEX post_product_tags_product ON post_product_tags (product_id, created_at DESC, post_id DESC);

CREATE TABLE wishlists (
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    product_id uuid NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT wishlists_pkey PRIMARY KEY (user_id, product_id)
);
CREATE INDEX wishlists_user_recent ON wishlists (user_id, created_at DESC, product_id DESC);
CREATE INDEX wishlists_product ON wishlists (product_id);

-- The seed's cover_image_url becomes cover_post_id: the cover is one of the saved posts, and its
-- image is served through the same visibility check as the post (a copied blob name would bypass it).
CREATE TABLE collections (
    id            uuid PRIMARY KEY,
    user_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name          text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
    description   text NOT NULL DEFAULT '' CHECK (char_length(description) <= 500),
    cover_post_id uuid,
    is_public     boolean NOT NULL DEFAULT false,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
-- Collection names are unique per owner, whatever the case; also serves the user_id foreign key.
CREATE UNIQUE INDEX collections_user_name_key ON collections (user_id, lower(name));

CREATE TABLE collection_posts (
    collection_id uuid NOT NULL REFERENCES collections (id) ON DELETE CASCADE,
    post_id       uuid NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    added_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT collection_posts_pkey PRIMARY KEY (collection_id, post_id)
);
CREATE INDEX collection_posts_recent ON collection_posts (collection_id, added_at DESC, post_id DESC);
CREATE INDEX collection_posts_post ON collection_posts (post_id);

-- The cover must be a post in the collection; removing that post from the collection clears the cover.
ALTER TABLE collections ADD CONSTRAINT collections_cover_fkey FOREIGN KEY (id, cover_post_id)
    REFERENCES collection_posts (collection_id, post_id) ON DELETE SET NULL (cover_post_id);

-- cover_blob_name: a custom cover uploaded by the owner (seed: cover_image_url).
CREATE TABLE highlights (
    id              uuid PRIMARY KEY,
    user_id         uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title           text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 50),
    cover_blob_name text,
    display_order   integer NOT NULL CHECK (display_order >= 0),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT highlights_id_user_key UNIQUE (id, user_id),
    -- Reordering swaps positions inside one transaction with SET CONSTRAINTS ... DEFERRED.
    -- Also serves the user_id foreign key and the profile's highlight row (ORDER BY display_order).
    CONSTRAINT highlights_user_order_key UNIQUE (user_id, display_order) DEFERRABLE INITIALLY IMMEDIATE
);

-- user_id is the owner of both the highlight and the story: the two composite foreign keys make a
-- highlight hold only its owner's stories. Deleting either side removes the link.
CREATE TABLE highlight_stories (
    highlight_id uuid NOT NULL,
    story_id     uuid NOT NULL,
    user_id      uuid NOT NULL,
    added_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT highlight_stories_pkey PRIMARY KEY (highlight_id, story_id),
    CONSTRAINT highlight_stories_highlight_fkey FOREIGN KEY (highlight_id, user_id)
        REFERENCES highlights (id, user_id) ON DELETE CASCADE,
    CONSTRAINT highlight_stories_story_fkey FOREIGN KEY (story_id, user_id)
        REFERENCES stories (id, user_id) ON DELETE CASCADE
);
CREATE INDEX highlight_stories_story ON highlight_stories (story_id);
