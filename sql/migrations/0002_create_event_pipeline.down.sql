DROP TABLE IF EXISTS user_activities;
DROP FUNCTION IF EXISTS create_monthly_partitions(regclass, timestamptz, integer);
DROP TABLE IF EXISTS dead_letters;
DROP TABLE IF EXISTS processed_events;
DROP TABLE IF EXISTS outbox;
