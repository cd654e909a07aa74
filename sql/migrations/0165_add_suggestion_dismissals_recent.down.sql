DROP INDEX IF EXISTS suggestion_dismissals_recent;
