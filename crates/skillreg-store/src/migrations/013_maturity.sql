-- Schema 12: the organisation's digital maturity. A framework is a TOML file the municipality
-- keeps; the registry records what its answers depend on (id, version, the number of steps,
-- the capability ids in order and their digest), so that a report can check that the file it
-- is given is the one the answers were given to. Answers name a respondent (a reference such as
-- a leader group, never a person's identity number), a unit, a capability and a step, dated on
-- the day of the measurement. Append-only, like evidence.
CREATE TABLE maturity_frameworks (
    id           INTEGER PRIMARY KEY,
    code         TEXT    NOT NULL,
    version      TEXT    NOT NULL,
    name         TEXT    NOT NULL,
    n_steps      INTEGER NOT NULL CHECK (n_steps BETWEEN 2 AND 10),
    capabilities TEXT    NOT NULL, -- the capability ids in order, one per line
    digest       TEXT    NOT NULL,
    recorded_by  TEXT    NOT NULL,
    recorded_at  TEXT    NOT NULL,
    UNIQUE (code, version)
);

CREATE TABLE maturity_answers (
    id           INTEGER PRIMARY KEY,
    framework_id INTEGER NOT NULL REFERENCES maturity_frameworks (id),
    respondent   TEXT    NOT NULL,
    unit_id      INTEGER NOT NULL REFERENCES org_units (id),
    capability   TEXT    NOT NULL,
    step         INTEGER NOT NULL CHECK (step BETWEEN 1 AND 10),
    day          INTEGER NOT NULL,
    input        TEXT    NOT NULL,
    imported_by  TEXT    NOT NULL,
    imported_at  TEXT    NOT NULL,
    UNIQUE (framework_id, respondent, unit_id, capability, day)
);
CREATE INDEX maturity_answers_day ON maturity_answers (framework_id, day);

CREATE TRIGGER maturity_frameworks_append_only_update BEFORE UPDATE ON maturity_frameworks
BEGIN
    SELECT RAISE(ABORT, 'maturity frameworks are append-only');
END;
CREATE TRIGGER maturity_frameworks_append_only_delete BEFORE DELETE ON maturity_frameworks
BEGIN
    SELECT RAISE(ABORT, 'maturity frameworks are append-only');
END;
CREATE TRIGGER maturity_answers_append_only_update BEFORE UPDATE ON maturity_answers
BEGIN
    SELECT RAISE(ABORT, 'maturity answers are append-only');
END;
CREATE TRIGGER maturity_answers_append_only_delete BEFORE DELETE ON maturity_answers
BEGIN
    SELECT RAISE(ABORT, 'maturity answers are append-only');
END;
