DROP TABLE feed_readers;
