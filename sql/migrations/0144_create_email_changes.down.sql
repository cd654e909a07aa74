DROP INDEX email_verifications_change;
ALTER TABLE email_verifications DROP COLUMN email_change_id;
DROP TABLE email_changes;
