DROP TABLE IF EXISTS hidden_words;
