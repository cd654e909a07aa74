-- Direct messages pushed to their recipients' browsers (docs/messages.md "Push notifications"; the queue and the job are
-- those of notices, docs/social-graph.md "Push notifications"). One row per message and subscription still to push, queued
-- by a statement-level trigger on messages for every other current participant who did not mute the thread; what the
-- recipient may read (requests hidden, blocks, vanish mode, already read) is decided when it is sent. A message unsent or
-- purged before its push takes its rows with it (cascade). push_preferences gains the messages' two switches.
CREATE TABLE push_message_deliveries (
    message_id      uuid NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    subscription_id uuid NOT NULL REFERENCES push_subscriptions (id) ON DELETE CASCADE,
    attempts        smallint NOT NULL DEFAULT 0 CHECK (attempts BETWEEN 0 AND 10),
    due_at          timestamptz NOT NULL,
    CONSTRAINT push_message_deliveries_pkey PRIMARY KEY (message_id, subscription_id)
);
CREATE INDEX push_message_deliveries_due ON push_message_deliveries (due_at);
CREATE INDEX push_message_deliveries_subscription ON push_message_deliveries (subscription_id);

CREATE FUNCTION queue_message_pushes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO push_message_deliveries (message_id, subscription_id, due_at)
    SELECT m.id, s.id, m.created_at
      FROM new_messages m
      JOIN conversation_participants p
        ON p.conversation_id = m.conversation_id AND p.user_id <> m.sender_id AND p.left_at IS NULL AND NOT p.is_muted
      JOIN push_subscriptions s ON s.user_id = p.user_id
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;
CREATE TRIGGER messages_queue_push AFTER INSERT ON messages
    REFERENCING NEW TABLE AS new_messages FOR EACH STATEMENT EXECUTE FUNCTION queue_message_pushes();

ALTER TABLE push_preferences
    ADD COLUMN messages text NOT NULL DEFAULT 'everyone' CHECK (messages IN ('off', 'everyone')),
    ADD COLUMN message_requests text NOT NULL DEFAULT 'everyone' CHECK (message_requests IN ('off', 'everyone'));
