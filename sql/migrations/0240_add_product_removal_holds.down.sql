-- The flags the holds' ends set stay: the jobs of 0231/0235 finish what they started.
DROP INDEX products_restorable_until;
ALTER TABLE products DROP CONSTRAINT products_restorable_not_cleared, DROP CONSTRAINT products_restorable_when_deleted,
    DROP COLUMN restorable_until;
