-- Schema 11: target groups of the roll-out (the TOML catalog's `[[groups]]`): occupations,
-- optionally only in some units, mapped and trained together in one phase. Occupation codes and
-- unit ids are separated by single spaces (empty units = every unit). Rounds opened for a group
-- remember it: `group_code`, and `group_batch`, the first round's id of the rounds opened
-- together, so that a group's latest round is the latest batch.
CREATE TABLE target_groups (
    id          INTEGER PRIMARY KEY,
    code        TEXT    NOT NULL UNIQUE,
    name        TEXT    NOT NULL,
    phase       INTEGER NOT NULL CHECK (phase >= 1),
    occupations TEXT    NOT NULL,
    units       TEXT    NOT NULL DEFAULT ''
);

ALTER TABLE rounds ADD COLUMN group_code TEXT;
ALTER TABLE rounds ADD COLUMN group_batch INTEGER;
