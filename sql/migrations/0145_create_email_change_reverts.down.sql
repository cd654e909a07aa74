DROP TABLE email_change_reverts;
DROP INDEX email_changes_held;
ALTER TABLE email_changes DROP CONSTRAINT email_changes_reverted_confirmed, DROP COLUMN reverted_at;
