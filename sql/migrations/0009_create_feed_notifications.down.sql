DROP FUNCTION IF EXISTS get_trending_music_tracks(integer, timestamptz, interval);
DROP FUNCTION IF EXISTS get_close_friends_stories(uuid, timestamptz);
DROP FUNCTION IF EXISTS get_user_suggestions(uuid, integer);
DROP FUNCTION IF EXISTS get_trending_hashtags(integer, timestamptz, interval);
DROP FUNCTION IF EXISTS get_home_feed(uuid, integer, timestamptz, uuid, timestamptz);
DROP FUNCTION IF EXISTS get_user_feed(uuid, integer, integer, timestamptz);
DROP TABLE IF EXISTS notifications;
DROP TABLE IF EXISTS feed_entries;

-- Restore 0002's create_monthly_partitions exactly as it was.
CREATE OR REPLACE FUNCTION create_monthly_partitions(parent regclass, starting timestamptz, months integer)
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
