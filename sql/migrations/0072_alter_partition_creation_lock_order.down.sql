-- Restore 0009's create_monthly_partitions exactly as it was.
CREATE OR REPLACE FUNCTION create_monthly_partitions(parent regclass, starting timestamptz, months integer)
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    created integer := 0;
    parent_schema text;
    parent_table text;
    key_column text;
    default_partition regclass;
    month_start timestamptz;
    month_end timestamptz;
    partition_name text;
    stray_rows bigint;
BEGIN
    IF months < 1 OR months > 120 THEN
        RAISE EXCEPTION 'months must be between 1 and 120, got %', months;
    END IF;
    SELECT n.nspname, c.relname, a.attname
      INTO parent_schema, parent_table, key_column
      FROM pg_partitioned_table pt
      JOIN pg_class c ON c.oid = pt.partrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_attribute a ON a.attrelid = pt.partrelid AND a.attnum = pt.partattrs[0]
     WHERE pt.partrelid = parent AND pt.partstrat = 'r' AND pt.partnatts = 1;
    IF key_column IS NULL THEN
        RAISE EXCEPTION '% is not range-partitioned on one column', parent;
    END IF;
    FOR i IN 0 .. months - 1 LOOP
        month_start := (date_trunc('month', starting AT TIME ZONE 'UTC') + make_interval(months => i)) AT TIME ZONE 'UTC';
        month_end := (date_trunc('month', starting AT TIME ZONE 'UTC') + make_interval(months => i + 1)) AT TIME ZONE 'UTC';
        partition_name := format('%s_%s', parent_table, to_char(month_start AT TIME ZONE 'UTC', 'YYYY_MM'));
        CONTINUE WHEN to_regclass(format('%I.%I', parent_schema, partition_name)) IS NOT NULL;

        -- Self-exclusive, and blocks inserts (not reads) while the default partition is emptied.
        EXECUTE format('LOCK TABLE %s IN SHARE ROW EXCLUSIVE MODE', parent);
        CONTINUE WHEN to_regclass(format('%I.%I', parent_schema, partition_name)) IS NOT NULL;

        SELECT nullif(pt.partdefid, 0)::regclass INTO default_partition
          FROM pg_partitioned_table pt WHERE pt.partrelid = parent;
        stray_rows := 0;
        IF default_partition IS NOT NULL THEN
            EXECUTE format('SELECT count(*) FROM %s WHERE %I >= $1 AND %I < $2', default_partition, key_column, key_column)
               INTO stray_rows USING month_start, month_end;
        END IF;
        IF stray_rows > 0 THEN
            -- PostgreSQL refuses a partition whose range the default partition already holds rows of:
            -- park them, create the partition, route them back through the parent.
            EXECUTE format('CREATE TEMP TABLE fowergram_partition_move ON COMMIT DROP AS SELECT * FROM %s WHERE %I >= $1 AND %I < $2',
                           default_partition, key_column, key_column) USING month_start, month_end;
            EXECUTE format('DELETE FROM %s WHERE %I >= $1 AND %I < $2', default_partition, key_column, key_column)
               USING month_start, month_end;
        END IF;
        EXECUTE format('CREATE TABLE %I.%I PARTITION OF %s FOR VALUES FROM (%L) TO (%L)',
                       parent_schema, partition_name, parent, month_start, month_end);
        IF stray_rows > 0 THEN
            EXECUTE format('INSERT INTO %s SELECT * FROM fowergram_partition_move', parent);
            DROP TABLE fowergram_partition_move;
        END IF;
        created := created + 1;
    END LOOP;
    RETURN created;
END;
$$;
