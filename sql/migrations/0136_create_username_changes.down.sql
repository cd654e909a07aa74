-- The history goes: renames are limited and old names held no more.
DROP TABLE IF EXISTS username_changes;
