-- Back to 0181's channels and 0118's / 0164's targets. Tombstones and removed channels cannot be told apart from live ones
-- under those: they go (their kept uploads released to media-cleanup), with the reports and removals of these kinds.
UPDATE uploads SET released_at = now() WHERE id IN (SELECT upload_id FROM removed_channel_messages) AND released_at IS NULL;
DROP TABLE removed_channel_messages;
DELETE FROM broadcast_channel_messages WHERE removed_at IS NOT NULL;
ALTER TABLE broadcast_channel_messages DROP CONSTRAINT broadcast_channel_messages_removed_order,
    DROP CONSTRAINT broadcast_channel_messages_removed_empty,
    DROP CONSTRAINT broadcast_channel_messages_not_empty,
    DROP COLUMN removed_at,
    ADD CONSTRAINT broadcast_channel_messages_not_empty CHECK (content IS NOT NULL OR media_type IS NOT NULL OR poll_question IS NOT NULL);
UPDATE uploads SET released_at = now()
 WHERE id IN (SELECT m.upload_id FROM broadcast_channel_messages m JOIN broadcast_channels c ON c.id = m.channel_id WHERE c.removed_at IS NOT NULL)
   AND released_at IS NULL;
DELETE FROM broadcast_channels WHERE removed_at IS NOT NULL;
ALTER TABLE broadcast_channels DROP CONSTRAINT broadcast_channels_removed_order, DROP COLUMN removed_at;
DELETE FROM content_removals WHERE target_type IN ('broadcast_channel', 'channel_message');
ALTER TABLE content_removals DROP CONSTRAINT content_removals_target_type_check,
    ADD CONSTRAINT content_removals_target_type_check CHECK (target_type IN ('post', 'comment', 'reel', 'reel_comment', 'story',
        'igtv_video', 'igtv_comment', 'message', 'live_stream', 'product', 'note'));
DELETE FROM reports WHERE target_type IN ('broadcast_channel', 'channel_message');
ALTER TABLE reports DROP CONSTRAINT reports_target_type_check,
    ADD CONSTRAINT reports_target_type_check CHECK (target_type IN ('user', 'post', 'comment', 'reel', 'reel_comment', 'story',
        'igtv_video', 'igtv_comment', 'message', 'live_stream', 'product', 'note'));
