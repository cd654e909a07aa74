-- The transactional outbox, consumer idempotency markers, the Server host's dead-letter table,
-- and the partitioned activity log (seed: user_activities) that the first consumer writes.

CREATE TABLE outbox (
    id               uuid PRIMARY KEY,
    type             text NOT NULL CHECK (type ~ '^[a-z_]+(\.[a-z_]+)+$'),
    actor_id         uuid,
    payload          jsonb NOT NULL CHECK (jsonb_typeof(payload) = 'object'),
    occurred_at      timestamptz NOT NULL,
    published_at     timestamptz,
    publish_attempts integer NOT NULL DEFAULT 0 CHECK (publish_attempts >= 0),
    last_error       text
);
-- The relay's claim query: oldest unpublished first.
CREATE INDEX outbox_unpublished ON outbox (occurred_at, id) WHERE published_at IS NULL;
CREATE INDEX outbox_published ON outbox (published_at) WHERE published_at IS NOT NULL;

-- A consumer's effect and its marker commit together; the primary key makes redelivery a no-op.
CREATE TABLE processed_events (
    consumer     text NOT NULL,
    event_id     uuid NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);

-- Server host only: where a message goes after MaxDeliveryCount failed attempts (Service Bus has its own DLQ).
CREATE TABLE dead_letters (
    id               uuid PRIMARY KEY,
    consumer         text NOT NULL,
    event_id         uuid NOT NULL,
    event_type       text NOT NULL,
    envelope         jsonb NOT NULL,
    error            text NOT NULL,
    delivery_count   integer NOT NULL CHECK (delivery_count > 0),
    dead_lettered_at timestamptz NOT NULL,
    UNIQUE (consumer, event_id)
);

-- Creates the monthly partitions of a range-partitioned table from the month of `starting` for
-- `months` months. Idempotent: existing partitions are left alone, so the job may run any time.
CREATE FUNCTION create_monthly_partitions(parent regclass, starting timestamptz, months integer)
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    created integer := 0;
    month_start date;
    partition_name text;
BEGIN
    IF months < 1 OR months > 120 THEN
        RAISE EXCEPTION 'months must be between 1 and 120, got %', months;
    END IF;
    FOR i IN 0 .. months - 1 LOOP
        month_start := (date_trunc('month', starting AT TIME ZONE 'UTC') + make_interval(months => i))::date;
        partition_name := format('%s_%s', parent::text, to_char(month_start, 'YYYY_MM'));
        IF to_regclass(partition_name) IS NULL THEN
            EXECUTE format('CREATE TABLE %I PARTITION OF %s FOR VALUES FROM (%L) TO (%L)',
                partition_name, parent,
                (month_start::timestamp AT TIME ZONE 'UTC'),
                ((month_start + interval '1 month')::timestamp AT TIME ZONE 'UTC'));
            created := created + 1;
        END IF;
    END LOOP;
    RETURN created;
END;
$$;

CREATE TABLE user_activities (
    id            uuid NOT NULL,
    user_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    activity_type text NOT NULL CHECK (activity_type ~ '^[a-z_]+(\.[a-z_]+)*$'),
    entity_type   text CHECK (entity_type ~ '^[a-z_]+$'),
    entity_id     uuid,
    metadata      jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(metadata) = 'object'),
    created_at    timestamptz NOT NULL,
    PRIMARY KEY (id, created_at)
) PARTITION BY RANGE (created_at);
-- Rows outside every monthly partition land here rather than fail: nothing a user did is lost
-- if the partition job was late.
CREATE TABLE user_activities_default PARTITION OF user_activities DEFAULT;
CREATE INDEX user_activities_user ON user_activities (user_id, created_at DESC, id DESC);
SELECT create_monthly_partitions('user_activities', now() - interval '1 month', 4);
