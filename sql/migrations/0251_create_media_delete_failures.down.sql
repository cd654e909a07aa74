DROP TABLE media_delete_failures;
