DROP TABLE IF EXISTS deleted_highlight_stories;
