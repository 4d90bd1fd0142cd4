-- Schema 7: the audit trail. Every write, and every read of a person's record by someone other
-- than that person, leaves one row: who (the actor, `hr`, `manager:10001` ...), when (UTC, RFC
-- 3339), what, whose record (if one person's), and through which command line or sync run.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT    NOT NULL,
    actor       TEXT    NOT NULL,
    action      TEXT    NOT NULL,
    employee_no TEXT,
    detail      TEXT    NOT NULL DEFAULT '',
    via         TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_employee ON audit_log (employee_no, id);
CREATE INDEX audit_log_at ON audit_log (at);

-- Append-only. The one exception is an erasure's own transaction (schema 6's `erasing` flag),
-- which may replace an erased person's employee number where it names them; rows are never
-- deleted.
CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
WHEN NOT EXISTS (SELECT 1 FROM erasing)
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
