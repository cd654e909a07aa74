-- Server host only: the durable stand-in for Service Bus subscriptions. Publishing an event writes
-- one row per interested consumer; a dispatcher peek-locks rows (locked_until), runs the consumer,
-- and deletes the row on success, reschedules it with backoff on failure, or moves it to
-- dead_letters after MaxDeliveryCount attempts. The Functions host does not use this table.
CREATE TABLE event_deliveries (
    consumer        text NOT NULL,
    event_id        uuid NOT NULL,
    envelope        jsonb NOT NULL,
    delivery_count  integer NOT NULL DEFAULT 0 CHECK (delivery_count >= 0),
    next_attempt_at timestamptz NOT NULL,
    locked_until    timestamptz,
    last_error      text,
    PRIMARY KEY (consumer, event_id)
);
CREATE INDEX event_deliveries_due ON event_deliveries (next_attempt_at);
