DROP TABLE IF EXISTS saved_audio;
