-- Releases the claimed uploads first, so media clean-up takes what no scheduled message will ever publish.
UPDATE uploads SET released_at = now()
 WHERE id IN (SELECT upload_id FROM broadcast_channel_scheduled_messages WHERE upload_id IS NOT NULL) AND released_at IS NULL;
DROP TABLE IF EXISTS broadcast_channel_scheduled_messages;
