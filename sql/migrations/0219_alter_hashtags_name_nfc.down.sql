-- The merges are not undone: which spelling each post used is in its caption, and the merged rows were one hashtag.
ALTER TABLE hashtags DROP CONSTRAINT hashtags_name_nfc;
