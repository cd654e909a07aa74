DELETE FROM push_subscriptions WHERE kind <> 'web';
ALTER TABLE push_subscriptions DROP CONSTRAINT push_subscriptions_keys_check, DROP CONSTRAINT push_subscriptions_endpoint_check,
    DROP CONSTRAINT push_subscriptions_kind_check;
ALTER TABLE push_subscriptions
    ADD CONSTRAINT push_subscriptions_endpoint_check CHECK (char_length(endpoint) BETWEEN 10 AND 2048 AND endpoint ~ '^https?://');
ALTER TABLE push_subscriptions ALTER COLUMN p256dh SET NOT NULL, ALTER COLUMN auth SET NOT NULL, DROP COLUMN kind;
