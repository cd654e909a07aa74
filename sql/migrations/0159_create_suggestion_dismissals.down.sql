DROP TABLE IF EXISTS suggestion_dismissals;
