-- two statements in one migration
INSERT INTO mig_a (x) VALUES (1);
INSERT INTO mig_a (x) VALUES (2);
