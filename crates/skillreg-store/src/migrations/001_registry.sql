-- Schema 1: the catalog, people, employments, evidence and referrals.
-- Dates are stored as INTEGER day numbers (days from 0001-01-01, chrono's num_days_from_ce).

CREATE TABLE org_units (
    id        INTEGER PRIMARY KEY,
    code      TEXT NOT NULL UNIQUE,
    name      TEXT NOT NULL,
    parent_id INTEGER REFERENCES org_units(id)
);

CREATE TABLE occupations (
    id   INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL
);

CREATE TABLE systems (
    id     INTEGER PRIMARY KEY,
    code   TEXT NOT NULL UNIQUE,
    name   TEXT NOT NULL,
    vendor TEXT,
    level1 TEXT,
    level2 TEXT,
    level3 TEXT,
    level4 TEXT
);

CREATE TABLE requirements (
    id            INTEGER PRIMARY KEY,
    occupation_id INTEGER NOT NULL REFERENCES occupations(id),
    system_id     INTEGER NOT NULL REFERENCES systems(id),
    unit_id       INTEGER REFERENCES org_units(id),
    level         INTEGER NOT NULL CHECK (level BETWEEN 1 AND 4)
);
CREATE UNIQUE INDEX requirements_key ON requirements(occupation_id, system_id, ifnull(unit_id, 0));

CREATE TABLE courses (
    id           INTEGER PRIMARY KEY,
    code         TEXT NOT NULL UNIQUE,
    name         TEXT NOT NULL,
    system_id    INTEGER NOT NULL REFERENCES systems(id),
    grants_level INTEGER NOT NULL CHECK (grants_level BETWEEN 1 AND 4),
    valid_months INTEGER CHECK (valid_months IS NULL OR valid_months > 0)
);

CREATE TABLE persons (
    id          INTEGER PRIMARY KEY,
    employee_no TEXT NOT NULL UNIQUE,
    given_name  TEXT NOT NULL,
    family_name TEXT NOT NULL,
    email       TEXT,
    digest      BLOB
);

CREATE TABLE employments (
    id            INTEGER PRIMARY KEY,
    person_id     INTEGER NOT NULL REFERENCES persons(id),
    unit_id       INTEGER NOT NULL REFERENCES org_units(id),
    occupation_id INTEGER NOT NULL REFERENCES occupations(id),
    percent       INTEGER CHECK (percent IS NULL OR percent BETWEEN 1 AND 100),
    start_day     INTEGER NOT NULL,
    end_day       INTEGER,
    manager_no    TEXT,
    is_primary    INTEGER NOT NULL DEFAULT 0,
    UNIQUE (person_id, unit_id, occupation_id, start_day)
);
CREATE INDEX employments_manager ON employments(manager_no, person_id) WHERE manager_no IS NOT NULL;
CREATE INDEX employments_unit ON employments(unit_id, person_id);
CREATE INDEX employments_occupation ON employments(occupation_id, person_id);

-- kind: 0 self-assessment, 1 manager assessment, 2 course result. Append-only.
CREATE TABLE evidence (
    id         INTEGER PRIMARY KEY,
    person_id  INTEGER NOT NULL REFERENCES persons(id),
    system_id  INTEGER NOT NULL REFERENCES systems(id),
    kind       INTEGER NOT NULL CHECK (kind BETWEEN 0 AND 2),
    level      INTEGER NOT NULL CHECK (level BETWEEN 1 AND 4),
    day        INTEGER NOT NULL,
    assessor   TEXT,
    course_id  INTEGER REFERENCES courses(id),
    source     TEXT NOT NULL,
    entered_by TEXT
);
-- One narrow index: a person's rows are found through it, and rows of one person are mostly
-- stored together because a sync inserts them together.
CREATE INDEX evidence_person ON evidence(person_id);

CREATE TRIGGER evidence_append_only_update BEFORE UPDATE ON evidence
BEGIN
    SELECT RAISE(ABORT, 'evidence is append-only');
END;
CREATE TRIGGER evidence_append_only_delete BEFORE DELETE ON evidence
BEGIN
    SELECT RAISE(ABORT, 'evidence is append-only');
END;

CREATE TABLE referrals (
    id            INTEGER PRIMARY KEY,
    person_id     INTEGER NOT NULL REFERENCES persons(id),
    course_id     INTEGER NOT NULL REFERENCES courses(id),
    created_day   INTEGER NOT NULL,
    due_day       INTEGER,
    cancelled_day INTEGER,
    referred_by   TEXT
);
CREATE INDEX referrals_person ON referrals(person_id);
