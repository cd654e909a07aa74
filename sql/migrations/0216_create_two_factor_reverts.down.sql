DROP TABLE two_factor_reverts;
