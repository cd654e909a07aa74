ALTER TABLE uploads DROP CONSTRAINT uploads_cleaned_size_smaller, DROP COLUMN cleaned_size;
