DROP INDEX IF EXISTS broadcast_channels_live;
