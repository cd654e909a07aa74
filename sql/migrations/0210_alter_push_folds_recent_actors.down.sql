ALTER TABLE push_folds DROP CONSTRAINT push_folds_recent_actors_count, DROP COLUMN recent_actors;
