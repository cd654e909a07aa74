ALTER TABLE refresh_tokens DROP CONSTRAINT IF EXISTS refresh_tokens_device_length, DROP COLUMN IF EXISTS device;
