-- Schema 2: a log of every sync run, the run that brought each piece of evidence, and a log of
-- return files so that each learned record is sent back once.

CREATE TABLE sync_runs (
    id              INTEGER PRIMARY KEY,
    source          TEXT NOT NULL,
    input           TEXT,
    digest          TEXT,
    exported_at     TEXT,
    started_at      TEXT NOT NULL,
    duration_ms     INTEGER NOT NULL DEFAULT 0,
    outcome         TEXT NOT NULL CHECK (outcome IN ('running', 'applied', 'dry_run', 'refused', 'guard_tripped', 'failed')),
    n_seen          INTEGER NOT NULL DEFAULT 0,
    n_created       INTEGER NOT NULL DEFAULT 0,
    n_updated       INTEGER NOT NULL DEFAULT 0,
    n_terminated    INTEGER NOT NULL DEFAULT 0,
    n_reactivated   INTEGER NOT NULL DEFAULT 0,
    n_evidence      INTEGER NOT NULL DEFAULT 0,
    message         TEXT
);

-- Not a foreign key: the run log is an audit trail, not data the rules depend on, and a check
-- per evidence row would cost a fifth of an import.
ALTER TABLE evidence ADD COLUMN run_id INTEGER;

CREATE TABLE exports (
    id               INTEGER PRIMARY KEY,
    target           TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    last_evidence_id INTEGER NOT NULL,
    n_records        INTEGER NOT NULL,
    output           TEXT
);
