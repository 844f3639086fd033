INSERT INTO mig_a (x) VALUES (3);
INSERT INTO no_such_table (x) VALUES (4);
