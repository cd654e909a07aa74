DROP INDEX IF EXISTS processed_events_processed_at;
