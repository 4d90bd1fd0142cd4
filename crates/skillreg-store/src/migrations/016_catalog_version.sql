-- Schema 16: a counter of the catalog's changes, so that a registry's cached catalog and rule
-- book stay valid across commits that do not touch the catalog. `PRAGMA data_version` says
-- only that another connection committed something: with the web service's workers each
-- committing the audit rows of reads, every request read the whole catalog again and rebuilt
-- its rule book. Any row inserted, updated or deleted in a table the catalog is read from
-- adds one.
CREATE TABLE catalog_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n  INTEGER NOT NULL
);
INSERT INTO catalog_version (id, n) VALUES (1, 0);

CREATE TRIGGER org_units_changed_i AFTER INSERT ON org_units BEGIN UPDATE catalog_version SET n = n + 1; END;
CREATE TRIGGER org_units_changed_u AFTER UPDATE ON org_units BEGIN UPDATE catalog_version SET n = n + 1; END;
CREATE TRIGGER org_units_changed_d AFTER DELETE ON org_units BEGIN UPDATE catalog_version SET n = n + 1; END;
CREATE TRIGGER occupations_changed_i AFTER INSERT ON occupations BEGIN UPDATE catalog_version SET n = n + 1; END;
CREATE TRIGGER occupations_changed_u AFTER UPDATE ON occupations BEGIN UPDATE catalog_version SET n = n + 1; END;
CREATE TRIGGER occupations_changed_d AFTER DELETE ON occupations BEGIN UPDATE catalog_version SET n = n + 1; END;
CREATE TRIGGER systems_changed_i AFTER INSERT ON systems BEGIN UPDATE catalog_version SET n = n + 1; END;
CREATE TRIGGER systems_changed_u AFTER UPDATE ON systems BEGIN UPDATE catalog_version SET n = n + 1; END;
CREATE TRIGGER systems_changed_d AFTER DELETE ON systems BEGIN UPDATE catalog_version SET n = n + 1; END;
CREATE TRIGGER requirements_changed_i AFTER INSERT ON requirements BEGIN UPDATE catalog_version SET n = n + 1; END;
CREATE TRIGGER requirements_changed_u AFTER UPDATE ON requirements BEGIN UPDATE catalog_version SET n = n + 1; END;
CREATE TRIGGER requirements_changed_d AFTER DELETE ON requirements BEGIN UPDATE catalog_version SET n = n + 1; END;
CREATE TRIGGER courses_changed_i AFTER INSERT ON courses BEGIN UPDATE catalog_version SET n = n + 1; END;
CREATE TRIGGER courses_changed_u AFTER UPDATE ON courses BEGIN UPDATE catalog_version SET n = n + 1; END;
CREATE TRIGGER courses_changed_d AFTER DELETE ON courses BEGIN UPDATE catalog_version SET n = n + 1; END;
CREATE TRIGGER target_groups_changed_i AFTER INSERT ON target_groups BEGIN UPDATE catalog_version SET n = n + 1; END;
CREATE TRIGGER target_groups_changed_u AFTER UPDATE ON target_groups BEGIN UPDATE catalog_version SET n = n + 1; END;
CREATE TRIGGER target_groups_changed_d AFTER DELETE ON target_groups BEGIN UPDATE catalog_version SET n = n + 1; END;
