-- Schema 10: appraisal talks (medarbetarsamtal / medarbeidersamtale) and what was agreed at
-- them. No free text: conversation notes stay out of the registry. Append-only, like evidence
-- (an erasure may rewrite the numbers it erases).
CREATE TABLE talks (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES persons (id),
    day         INTEGER NOT NULL,
    held_by     TEXT,
    recorded_by TEXT    NOT NULL,
    recorded_at TEXT    NOT NULL
);
CREATE INDEX talks_person ON talks (person_id, day);

-- A level to reach in a system, or a course to take (also recorded as a referral).
CREATE TABLE talk_agreements (
    id        INTEGER PRIMARY KEY,
    talk_id   INTEGER NOT NULL REFERENCES talks (id),
    system_id INTEGER REFERENCES systems (id),
    level     INTEGER,
    course_id INTEGER REFERENCES courses (id),
    due_day   INTEGER,
    CHECK ((system_id IS NOT NULL AND level BETWEEN 1 AND 4 AND course_id IS NULL)
        OR (course_id IS NOT NULL AND system_id IS NULL AND level IS NULL))
);
CREATE INDEX talk_agreements_talk ON talk_agreements (talk_id);

CREATE TRIGGER talks_append_only_update BEFORE UPDATE ON talks
WHEN NOT EXISTS (SELECT 1 FROM erasing)
BEGIN
    SELECT RAISE(ABORT, 'talks are append-only');
END;
CREATE TRIGGER talks_append_only_delete BEFORE DELETE ON talks
BEGIN
    SELECT RAISE(ABORT, 'talks are append-only');
END;
CREATE TRIGGER talk_agreements_append_only_update BEFORE UPDATE ON talk_agreements
BEGIN
    SELECT RAISE(ABORT, 'talk agreements are append-only');
END;
CREATE TRIGGER talk_agreements_append_only_delete BEFORE DELETE ON talk_agreements
BEGIN
    SELECT RAISE(ABORT, 'talk agreements are append-only');
END;
