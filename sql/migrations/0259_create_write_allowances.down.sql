DROP TABLE IF EXISTS write_allowances;
