-- Native app pushes (docs/social-graph.md "Native app pushes (migration 0213)"): an iOS or Android app registers the
-- registration token Firebase Cloud Messaging gave it, and the push-delivery job sends to it through FCM's HTTP v1 API,
-- which reaches Android directly and iOS through APNs. One table for both kinds, so everything about a subscription — one
-- device one account, the session it belongs to, the cap, the queue and its trigger, the folds, the preferences — holds
-- for apps as for browsers. kind 'web': endpoint is the Web Push URL and p256dh and auth the browser's keys (RFC 8291);
-- kind 'fcm': endpoint is the registration token (FCM's alphabet; the unique key still means one device, one account) and
-- there are no keys (FCM carries the message over TLS to Google, and Google to the device).
ALTER TABLE push_subscriptions ADD COLUMN kind text NOT NULL DEFAULT 'web';
ALTER TABLE push_subscriptions ALTER COLUMN p256dh DROP NOT NULL, ALTER COLUMN auth DROP NOT NULL;
ALTER TABLE push_subscriptions DROP CONSTRAINT push_subscriptions_endpoint_check;
ALTER TABLE push_subscriptions
    ADD CONSTRAINT push_subscriptions_kind_check CHECK (kind IN ('web', 'fcm')),
    ADD CONSTRAINT push_subscriptions_endpoint_check CHECK (CASE WHEN kind = 'web'
        THEN char_length(endpoint) BETWEEN 10 AND 2048 AND endpoint ~ '^https?://'
        ELSE char_length(endpoint) BETWEEN 20 AND 1024 AND endpoint ~ '^[A-Za-z0-9_:-]+$' END),
    ADD CONSTRAINT push_subscriptions_keys_check CHECK (CASE WHEN kind = 'web'
        THEN p256dh IS NOT NULL AND auth IS NOT NULL ELSE p256dh IS NULL AND auth IS NULL END);
