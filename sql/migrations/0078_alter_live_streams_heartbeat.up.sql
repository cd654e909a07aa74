-- When the broadcaster last said a live broadcast is still on (POST /api/v1/live/{id}/heartbeat; starting it counts).
-- The live-auto-end job ends a broadcast that fell silent or ran past the longest a broadcast may last (docs/live.md):
-- a phone that lost its connection or was switched off never calls "end". Broadcasts live when this migration runs
-- get the present, a full timeout from now to send their first heartbeat.
ALTER TABLE live_streams ADD COLUMN last_heartbeat_at timestamptz;
UPDATE live_streams SET last_heartbeat_at = greatest(now(), started_at) WHERE status = 'live';
ALTER TABLE live_streams
    ADD CONSTRAINT live_streams_heartbeat_while_live CHECK (status <> 'live' OR last_heartbeat_at IS NOT NULL),
    ADD CONSTRAINT live_streams_heartbeat_after_start CHECK (last_heartbeat_at >= started_at);
-- The job's walk: live broadcasts only (at most one per account), oldest heartbeat first.
CREATE INDEX live_streams_live_heartbeat ON live_streams (last_heartbeat_at) WHERE status = 'live';
