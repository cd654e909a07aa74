DROP TABLE push_folds;
