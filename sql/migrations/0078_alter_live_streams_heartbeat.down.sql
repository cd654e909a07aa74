DROP INDEX IF EXISTS live_streams_live_heartbeat;
ALTER TABLE live_streams DROP CONSTRAINT live_streams_heartbeat_after_start, DROP CONSTRAINT live_streams_heartbeat_while_live,
    DROP COLUMN last_heartbeat_at;
