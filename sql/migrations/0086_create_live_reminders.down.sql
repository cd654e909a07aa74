DROP TABLE IF EXISTS live_reminders;
