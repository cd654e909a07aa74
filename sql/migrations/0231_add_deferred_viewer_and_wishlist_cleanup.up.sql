-- Two clean-ups that grew with data the caller does not control move out of the request into jobs, each finding its
-- work through a flag and a partial index that holds only what is left to do (docs/live.md "Rules", Viewers and Ending,
-- docs/shopping.md "Selling").
--
-- Ending a broadcast no longer closes every open viewer row: they count as closed at ended_at wherever they are read,
-- and live-auto-end closes them in batches, clearing the flag when none is left.
ALTER TABLE live_streams ADD COLUMN viewers_to_close boolean NOT NULL DEFAULT false,
    ADD CONSTRAINT live_streams_viewers_to_close_when_ended CHECK (NOT viewers_to_close OR status = 'ended');
CREATE INDEX live_streams_viewers_to_close ON live_streams (ended_at, id) WHERE viewers_to_close;

-- A seller's deletion (final) no longer deletes every wishlist entry of the product: every reader already leaves out a
-- deleted product's entries, and wishlist-cleanup deletes them in batches, clearing the flag when none is left.
ALTER TABLE products ADD COLUMN wishlists_to_clear boolean NOT NULL DEFAULT false,
    ADD CONSTRAINT products_wishlists_to_clear_when_deleted CHECK (NOT wishlists_to_clear OR deleted_at IS NOT NULL);
CREATE INDEX products_wishlists_to_clear ON products (deleted_at, id) WHERE wishlists_to_clear;
