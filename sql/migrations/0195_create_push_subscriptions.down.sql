DROP TRIGGER IF EXISTS notifications_queue_push ON notifications;
DROP FUNCTION IF EXISTS queue_push_deliveries();
DROP TABLE IF EXISTS push_deliveries;
DROP TABLE IF EXISTS push_subscriptions;
