-- A product a moderator removed keeps its post, reel and story tags and its wishlist entries only while the removal can
-- still be reversed (docs/shopping.md "Removed products"). products.restorable_until is that time: the appeal window's end
-- (the removal's own time when it cannot be appealed), 'infinity' while an appeal is open, NULL once the removal is final.
-- product-tag-cleanup and wishlist-cleanup end the holds that have passed, and an upheld appeal ends its hold, by clearing it
-- and setting tags_to_clear / wishlists_to_clear in one statement; a reversal needs it set and an appeal needs it in the
-- future, both under the product's row lock, so nothing can bring back a product whose tags are going.
ALTER TABLE products ADD COLUMN restorable_until timestamptz,
    ADD CONSTRAINT products_restorable_when_deleted CHECK (restorable_until IS NULL OR deleted_at IS NOT NULL),
    ADD CONSTRAINT products_restorable_not_cleared CHECK (restorable_until IS NULL OR NOT (tags_to_clear OR wishlists_to_clear));
-- The jobs' walk of the holds that have passed, in the order they lock them.
CREATE INDEX products_restorable_until ON products (restorable_until, id) WHERE restorable_until IS NOT NULL;

-- Removals made before: the latest removal of each product still deleted by it decides. Not appealed: held to its window's
-- end (past ones end at the jobs' next run); appealed and open: held until decided; upheld: final now.
WITH latest AS (
    SELECT DISTINCT ON (c.target_id) c.target_id, c.removed_at, c.appealable_until, c.appeal_status
      FROM content_removals c WHERE c.target_type = 'product'
     ORDER BY c.target_id, c.removed_at DESC, c.report_id DESC)
UPDATE products pr
   SET restorable_until = CASE WHEN l.appeal_status = 'open' THEN 'infinity' ELSE coalesce(l.appealable_until, l.removed_at) END
  FROM latest l
 WHERE pr.id = l.target_id AND pr.deleted_at = l.removed_at AND NOT pr.tags_to_clear AND NOT pr.wishlists_to_clear
   AND (l.appeal_status IS NULL OR l.appeal_status = 'open');

WITH latest AS (
    SELECT DISTINCT ON (c.target_id) c.target_id, c.removed_at, c.appeal_status
      FROM content_removals c WHERE c.target_type = 'product'
     ORDER BY c.target_id, c.removed_at DESC, c.report_id DESC)
UPDATE products pr
   SET tags_to_clear = true, wishlists_to_clear = EXISTS (SELECT 1 FROM wishlists w WHERE w.product_id = pr.id)
  FROM latest l
 WHERE pr.id = l.target_id AND pr.deleted_at = l.removed_at AND l.appeal_status = 'upheld';
