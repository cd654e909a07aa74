-- Back to 0195's and 0198's bodies: the subscriptions read without a lock.
CREATE OR REPLACE FUNCTION queue_push_deliveries() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO push_deliveries (notification_id, notification_created_at, subscription_id, due_at)
    SELECT n.id, n.created_at, s.id, n.created_at
      FROM new_notifications n JOIN push_subscriptions s ON s.user_id = n.user_id
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION queue_message_pushes() RETURNS trigger LANGUAGE plpgsql AS $$
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
