-- Every trusted device is forgotten: the next login of each asks for the code again.
DROP TABLE two_factor_trusted_devices;
