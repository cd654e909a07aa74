-- Web Push (docs/notifications.md "Push notifications"; RFC 8030, 8291, 8292): a browser's push subscription per row, and
-- the queue of notices still to push. A subscription belongs to the session (refresh-token family) that registered it, so
-- logging out of that session stops its pushes; session_id is null for a token issued outside any session (tools). The
-- endpoint is the push service's URL for one browser profile: unique, so a browser that signs in to another account moves
-- its subscription there. p256dh is the browser's P-256 key (65 bytes, uncompressed), auth its 16-byte secret.
CREATE TABLE push_subscriptions (
    id              uuid PRIMARY KEY,
    user_id         uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    session_id      uuid,
    endpoint        text NOT NULL,
    p256dh          bytea NOT NULL,
    auth            bytea NOT NULL,
    created_at      timestamptz NOT NULL,
    last_success_at timestamptz,
    CONSTRAINT push_subscriptions_endpoint_key UNIQUE (endpoint),
    CONSTRAINT push_subscriptions_endpoint_check CHECK (char_length(endpoint) BETWEEN 10 AND 2048 AND endpoint ~ '^https?://'),
    CONSTRAINT push_subscriptions_p256dh_check CHECK (octet_length(p256dh) = 65 AND get_byte(p256dh, 0) = 4),
    CONSTRAINT push_subscriptions_auth_check CHECK (octet_length(auth) = 16)
);
-- The account's list (and the cap under its lock), and the queue's trigger below: one probe per notice.
CREATE INDEX push_subscriptions_user ON push_subscriptions (user_id, created_at);

-- One row per notice and subscription still to push. No foreign key to notifications: that table is partitioned and its
-- old partitions are dropped (partition-maintenance); the job reads the notice by its key and drops the row when it is
-- gone (an unlike, a purge). attempts counts sends begun; due_at is when the next may begin (also the lease of a send
-- in progress, so a crashed run's rows come back).
CREATE TABLE push_deliveries (
    notification_id         uuid NOT NULL,
    notification_created_at timestamptz NOT NULL,
    subscription_id         uuid NOT NULL REFERENCES push_subscriptions (id) ON DELETE CASCADE,
    attempts                smallint NOT NULL DEFAULT 0 CHECK (attempts BETWEEN 0 AND 10),
    due_at                  timestamptz NOT NULL,
    CONSTRAINT push_deliveries_pkey PRIMARY KEY (notification_id, subscription_id)
);
-- The push-delivery job's claim, oldest due first.
CREATE INDEX push_deliveries_due ON push_deliveries (due_at);
-- Deleting a subscription (gone at the push service, logged out, removed) cascades here.
CREATE INDEX push_deliveries_subscription ON push_deliveries (subscription_id);

-- Notices are written by some forty statements across every area's consumers and jobs; queueing them here, in the same
-- transaction, means none is missed and none needs to know about push. Statement-level with a transition table: a fan-out
-- of thousands of notices is one set-based insert, and an account without subscriptions costs one index probe.
CREATE FUNCTION queue_push_deliveries() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO push_deliveries (notification_id, notification_created_at, subscription_id, due_at)
    SELECT n.id, n.created_at, s.id, n.created_at
      FROM new_notifications n JOIN push_subscriptions s ON s.user_id = n.user_id
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;
CREATE TRIGGER notifications_queue_push AFTER INSERT ON notifications
    REFERENCING NEW TABLE AS new_notifications FOR EACH STATEMENT EXECUTE FUNCTION queue_push_deliveries();
