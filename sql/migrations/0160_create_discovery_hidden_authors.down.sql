DROP TABLE IF EXISTS discovery_hidden_authors;
