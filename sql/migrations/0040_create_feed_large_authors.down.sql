DROP TABLE feed_large_authors;
