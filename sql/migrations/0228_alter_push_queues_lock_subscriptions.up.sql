-- The push queues' triggers (0195, 0198) read the recipients' subscriptions and insert a row naming each. The insert's
-- foreign key check waits for a subscription being deleted at that moment (its browser removed, moved to another account,
-- its session ended) and then finds it gone: the notice or message being written failed with 23503, a 500 for whoever
-- sent it. Locking the subscriptions as they are read (FOR KEY SHARE, the lock the check takes anyway) makes the read
-- wait for such a deletion and skip the row once it commits: the message is sent, and nothing is queued for a
-- subscription that no longer exists (PushSubscriptionRemovalRaceTests).
CREATE OR REPLACE FUNCTION queue_push_deliveries() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO push_deliveries (notification_id, notification_created_at, subscription_id, due_at)
    SELECT n.id, n.created_at, s.id, n.created_at
      FROM new_notifications n JOIN push_subscriptions s ON s.user_id = n.user_id
       FOR KEY SHARE OF s
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
       FOR KEY SHARE OF s
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;
