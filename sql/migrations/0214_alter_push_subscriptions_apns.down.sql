DELETE FROM push_subscriptions WHERE kind = 'apns';
ALTER TABLE push_subscriptions DROP CONSTRAINT push_subscriptions_kind_check, DROP CONSTRAINT push_subscriptions_endpoint_check;
ALTER TABLE push_subscriptions
    ADD CONSTRAINT push_subscriptions_kind_check CHECK (kind IN ('web', 'fcm')),
    ADD CONSTRAINT push_subscriptions_endpoint_check CHECK (CASE WHEN kind = 'web'
        THEN char_length(endpoint) BETWEEN 10 AND 2048 AND endpoint ~ '^https?://'
        ELSE char_length(endpoint) BETWEEN 20 AND 1024 AND endpoint ~ '^[A-Za-z0-9_:-]+$' END);
