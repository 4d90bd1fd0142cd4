-- Schema 4: what the registry keeps per source besides people, so that several sources can feed
-- one registry (one owns people and employments; the others add evidence only).

-- The digest of the record each evidence-only source last stated for a person, to skip an
-- unchanged record (the owner's digest stays in persons.digest).
CREATE TABLE source_digests (
    source    TEXT    NOT NULL,
    person_id INTEGER NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    digest    BLOB    NOT NULL,
    PRIMARY KEY (source, person_id)
) WITHOUT ROWID;

-- Where an incremental source resumes (e.g. the `stored` time of the last xAPI statement read).
CREATE TABLE source_watermarks (
    key        TEXT    PRIMARY KEY,
    value      TEXT    NOT NULL,
    run_id     INTEGER REFERENCES sync_runs (id),
    updated_at TEXT    NOT NULL
);

ALTER TABLE sync_runs ADD COLUMN role TEXT NOT NULL DEFAULT 'people';
ALTER TABLE sync_runs ADD COLUMN n_warnings INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sync_runs ADD COLUMN n_skipped INTEGER NOT NULL DEFAULT 0;
