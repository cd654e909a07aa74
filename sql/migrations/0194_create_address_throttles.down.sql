DROP TABLE IF EXISTS address_throttles;
