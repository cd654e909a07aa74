DROP INDEX IF EXISTS broadcast_channel_members_recent;
