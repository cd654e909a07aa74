-- Native app pushes straight to Apple (docs/social-graph.md "Native app pushes"): an iOS app that does not use Firebase
-- registers the device token APNs gave it, and the push-delivery job sends through APNs' HTTP/2 API with a provider token.
-- kind 'apns': endpoint is the device token, lowercase hex (64 bytes' worth today; Apple allows for longer), no keys.
ALTER TABLE push_subscriptions DROP CONSTRAINT push_subscriptions_kind_check, DROP CONSTRAINT push_subscriptions_endpoint_check;
ALTER TABLE push_subscriptions
    ADD CONSTRAINT push_subscriptions_kind_check CHECK (kind IN ('web', 'fcm', 'apns')),
    ADD CONSTRAINT push_subscriptions_endpoint_check CHECK (CASE kind
        WHEN 'web' THEN char_length(endpoint) BETWEEN 10 AND 2048 AND endpoint ~ '^https?://'
        WHEN 'fcm' THEN char_length(endpoint) BETWEEN 20 AND 1024 AND endpoint ~ '^[A-Za-z0-9_:-]+$'
        ELSE char_length(endpoint) BETWEEN 64 AND 200 AND endpoint ~ '^[0-9a-f]+$' END);
