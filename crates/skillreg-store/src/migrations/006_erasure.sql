-- Schema 6: erasure of people who left (GDPR art. 17, retention).
--
-- An erased person keeps their row, employments and evidence, so that reports for past days
-- still add up, but loses everything that names them: the employee number becomes
-- `erased-<id>`, names and email are emptied, and their number is removed wherever it appears
-- as someone's manager or assessor.

-- The people erased, by a keyed hash of their employee number (never the number itself), so a
-- source still listing them with the same old employments does not bring them back; a returner
-- with a new employment is let through.
CREATE TABLE erased_people (
    employee_key BLOB    PRIMARY KEY,
    last_day     INTEGER NOT NULL,
    erased_at    TEXT    NOT NULL
) WITHOUT ROWID;

-- Holds one row only inside an erasure's own transaction: while it does, evidence may be
-- updated (to clear an erased assessor's number). Evidence stays append-only otherwise.
CREATE TABLE erasing (
    one INTEGER PRIMARY KEY CHECK (one = 1)
);

DROP TRIGGER evidence_append_only_update;
CREATE TRIGGER evidence_append_only_update BEFORE UPDATE ON evidence
WHEN NOT EXISTS (SELECT 1 FROM erasing)
BEGIN
    SELECT RAISE(ABORT, 'evidence is append-only');
END;
