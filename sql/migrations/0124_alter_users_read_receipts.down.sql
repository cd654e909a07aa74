-- Everyone's read marks are shown again.
ALTER TABLE users DROP COLUMN IF EXISTS show_read_receipts;
