DROP TABLE IF EXISTS event_deliveries;
