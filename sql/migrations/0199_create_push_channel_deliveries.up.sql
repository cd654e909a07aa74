-- Broadcast channel messages pushed to their members (docs/messages.md "Broadcast channels", "Push notifications"). A
-- channel may have millions of members, so posting queues one row (push_channel_fanouts, by a trigger on
-- broadcast_channel_messages) and the push-delivery job expands it in batches of members, in member order
-- (broadcast_channel_members_pkey), into push_channel_deliveries, the per-subscription queue the job drains as it drains
-- notices and direct messages. next_member is the last member queued (null: none yet). push_preferences gains channels.
CREATE TABLE push_channel_fanouts (
    message_id  uuid PRIMARY KEY REFERENCES broadcast_channel_messages (id) ON DELETE CASCADE,
    next_member uuid,
    created_at  timestamptz NOT NULL
);
-- The job's walk, oldest message first.
CREATE INDEX push_channel_fanouts_created ON push_channel_fanouts (created_at);

CREATE TABLE push_channel_deliveries (
    message_id      uuid NOT NULL REFERENCES broadcast_channel_messages (id) ON DELETE CASCADE,
    subscription_id uuid NOT NULL REFERENCES push_subscriptions (id) ON DELETE CASCADE,
    attempts        smallint NOT NULL DEFAULT 0 CHECK (attempts BETWEEN 0 AND 10),
    due_at          timestamptz NOT NULL,
    CONSTRAINT push_channel_deliveries_pkey PRIMARY KEY (message_id, subscription_id)
);
CREATE INDEX push_channel_deliveries_due ON push_channel_deliveries (due_at);
CREATE INDEX push_channel_deliveries_subscription ON push_channel_deliveries (subscription_id);

CREATE FUNCTION queue_channel_pushes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- A message is only ever written removed by a moderator's tooling, never posted so: nothing to announce.
    INSERT INTO push_channel_fanouts (message_id, created_at) SELECT m.id, m.created_at FROM new_channel_messages m WHERE m.removed_at IS NULL;
    RETURN NULL;
END
$$;
CREATE TRIGGER broadcast_channel_messages_queue_push AFTER INSERT ON broadcast_channel_messages
    REFERENCING NEW TABLE AS new_channel_messages FOR EACH STATEMENT EXECUTE FUNCTION queue_channel_pushes();

ALTER TABLE push_preferences
    ADD COLUMN channels text NOT NULL DEFAULT 'everyone' CHECK (channels IN ('off', 'everyone'));
