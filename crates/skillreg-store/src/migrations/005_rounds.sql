-- Schema 5: self-assessment rounds. A round asks one occupation (optionally within one unit and
-- the units below it) to rate themselves. Who is asked, in which unit, and about which systems is
-- fixed when the round opens, so the forms, the import and the response rate all agree.

CREATE TABLE rounds (
    id            INTEGER PRIMARY KEY,
    occupation_id INTEGER NOT NULL REFERENCES occupations (id),
    unit_id       INTEGER REFERENCES org_units (id),
    opened_day    INTEGER NOT NULL,
    closes_day    INTEGER NOT NULL,
    opened_by     TEXT    NOT NULL,
    CHECK (closes_day >= opened_day)
);

-- One row per person asked; unit_id is the unit of the employment that put them in the round.
CREATE TABLE round_members (
    round_id  INTEGER NOT NULL REFERENCES rounds (id),
    person_id INTEGER NOT NULL REFERENCES persons (id),
    unit_id   INTEGER NOT NULL REFERENCES org_units (id),
    PRIMARY KEY (round_id, person_id)
) WITHOUT ROWID;

-- The systems on each person's form.
CREATE TABLE round_systems (
    round_id  INTEGER NOT NULL REFERENCES rounds (id),
    person_id INTEGER NOT NULL REFERENCES persons (id),
    system_id INTEGER NOT NULL REFERENCES systems (id),
    PRIMARY KEY (round_id, person_id, system_id)
) WITHOUT ROWID;
