//! The schema is created from an empty file, upgraded from every earlier version with data kept,
//! and a file newer than the code is refused.

use rusqlite::Connection;
use skillreg_store::{Actor, Error, Registry, SCHEMA_VERSION, schema_version};

const V1: &str = include_str!("../../src/migrations/001_registry.sql");
const V2: &str = include_str!("../../src/migrations/002_runs_exports.sql");

fn tables(conn: &Connection) -> Vec<String> {
    let mut stmt = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn empty_file_gets_the_newest_schema() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.db");
    let registry = Registry::open(&path, Actor::Hr).unwrap();
    assert_eq!(registry.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(SCHEMA_VERSION, 16);
    assert_eq!(
        tables(registry.hr_connection().unwrap()),
        [
            "audit_log",
            "catalog_version",
            "courses",
            "employments",
            "erasing",
            "evidence",
            "exports",
            "idempotency_keys",
            "maturity_answers",
            "maturity_frameworks",
            "occupations",
            "org_units",
            "persons",
            "referrals",
            "requirements",
            "retention",
            "round_members",
            "round_systems",
            "rounds",
            "service_tokens",
            "source_digests",
            "source_watermarks",
            "sync_runs",
            "systems",
            "talk_agreements",
            "talks",
            "target_groups"
        ]
    );
    let fk: i64 = registry
        .hr_connection()
        .unwrap()
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1);
    let mode: String = registry
        .hr_connection()
        .unwrap()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}

#[test]
fn version_1_file_is_upgraded_with_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v1.db");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(V1).unwrap();
        conn.execute_batch(
            "INSERT INTO systems (code, name) VALUES ('O365', 'Microsoft 365');
             INSERT INTO persons (employee_no, given_name, family_name) VALUES ('10023', 'Anna', 'Lindqvist');
             INSERT INTO evidence (person_id, system_id, kind, level, day, source)
                 VALUES (1, 1, 0, 2, 739000, 'wlx');
             PRAGMA user_version = 1;",
        )
        .unwrap();
    }
    let registry = Registry::open(&path, Actor::Hr).unwrap();
    assert_eq!(registry.schema_version().unwrap(), SCHEMA_VERSION);
    let history = registry.history("10023").unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].evidence.system, "O365");
    assert_eq!(history[0].source, "wlx");
    assert_eq!(
        history[0].run_id, None,
        "evidence from before the run log has no run"
    );
    assert!(registry.runs().unwrap().is_empty());
}

#[test]
fn opening_twice_is_a_no_op() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("twice.db");
    drop(Registry::open(&path, Actor::Hr).unwrap());
    let registry = Registry::open(&path, Actor::Hr).unwrap();
    assert_eq!(
        schema_version(registry.hr_connection().unwrap()).unwrap(),
        SCHEMA_VERSION
    );
}

#[test]
fn newer_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("future.db");
    drop(Registry::open(&path, Actor::Hr).unwrap());
    Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    match Registry::open(&path, Actor::Hr) {
        Err(
            err @ Error::SchemaTooNew {
                found: 99,
                supported: SCHEMA_VERSION,
            },
        ) => {
            assert!(err.to_string().contains("upgrade skillreg"), "{err}");
        }
        other => panic!("expected SchemaTooNew, got {:?}", other.map(|_| ())),
    }
}

#[test]
fn evidence_is_append_only() {
    let registry = Registry::open_in_memory(Actor::Hr).unwrap();
    let conn = registry.hr_connection().unwrap();
    conn.execute_batch(
        "INSERT INTO systems (code, name) VALUES ('O365', 'Microsoft 365');
         INSERT INTO persons (employee_no, given_name, family_name) VALUES ('1', 'A', 'B');
         INSERT INTO evidence (person_id, system_id, kind, level, day, source) VALUES (1, 1, 0, 2, 739000, 'x');",
    )
    .unwrap();
    let update = conn
        .execute("UPDATE evidence SET level = 4", [])
        .unwrap_err();
    assert!(update.to_string().contains("append-only"), "{update}");
    let delete = conn.execute("DELETE FROM evidence", []).unwrap_err();
    assert!(delete.to_string().contains("append-only"), "{delete}");
}

#[test]
fn version_2_file_is_upgraded_and_its_requirements_count_as_stated_by_a_catalog() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v2.db");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(V1).unwrap();
        conn.execute_batch(V2).unwrap();
        conn.execute_batch(
            "INSERT INTO systems (code, name) VALUES ('O365', 'Microsoft 365');
             INSERT INTO occupations (code, name) VALUES ('USK', 'Undersköterska');
             INSERT INTO requirements (occupation_id, system_id, level) VALUES (1, 1, 2);
             INSERT INTO sync_runs (source, started_at, outcome) VALUES ('wlx', '2026-11-20T01:00:00Z', 'applied');
             PRAGMA user_version = 2;",
        )
        .unwrap();
    }
    let registry = Registry::open(&path, Actor::Hr).unwrap();
    assert_eq!(registry.schema_version().unwrap(), SCHEMA_VERSION);
    let catalog = registry.catalog().unwrap();
    assert_eq!(catalog.requirements.len(), 1);
    assert_eq!(
        catalog.requirements[0].level,
        skillreg_core::Level::Independent
    );
    let source: Option<String> = registry
        .hr_connection()
        .unwrap()
        .query_row("SELECT source FROM requirements", [], |r| r.get(0))
        .unwrap();
    assert_eq!(source, None);
    assert_eq!(registry.runs().unwrap().len(), 1);
}

#[test]
fn a_catalog_change_by_another_connection_is_seen_by_cached_queries() {
    use chrono::NaiveDate;
    use skillreg_core::{Catalog, Level, Requirement, SourceCatalog};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shared.db");
    let mut writer = Registry::open(&path, Actor::Hr).unwrap();
    let sample = include_bytes!("../../../../fixtures/winlas/sample-export.xml");
    let mut source = skillreg_wlx::WlxReader::new(&sample[..]).unwrap();
    writer
        .sync(&mut source, "sample", &Default::default())
        .unwrap();
    let reader = Registry::open(&path, Actor::Hr).unwrap();
    let day = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    let timecare_gap = |r: &Registry| {
        r.gaps(&skillreg_store::Scope::Employee("10023".into()), day)
            .unwrap()
            .into_iter()
            .find(|g| g.system == "TIMECARE")
            .map(|g| g.gap)
    };
    assert_eq!(timecare_gap(&reader), Some(1));
    let raised = Catalog {
        requirements: vec![Requirement {
            occupation: "USK".into(),
            system: "TIMECARE".into(),
            level: Level::Advanced,
            unit: None,
        }],
        ..Catalog::default()
    };
    writer
        .apply_catalog(
            &SourceCatalog {
                catalog: raised,
                ..Default::default()
            },
            "raise",
        )
        .unwrap();
    assert_eq!(timecare_gap(&writer), Some(3));
    assert_eq!(
        timecare_gap(&reader),
        Some(3),
        "the reader's cached rules were refreshed"
    );
}

#[test]
fn audit_log_is_append_only_outside_an_erasure() {
    let registry = Registry::open_in_memory(Actor::Hr).unwrap();
    let conn = registry.hr_connection().unwrap();
    conn.execute(
        "INSERT INTO audit_log (at, actor, action, employee_no) VALUES ('2026-11-20T10:00:00Z', 'hr', 'read brief', '10023')",
        [],
    )
    .unwrap();
    let update = conn
        .execute("UPDATE audit_log SET actor = 'someone else'", [])
        .unwrap_err();
    assert!(update.to_string().contains("append-only"), "{update}");
    let delete = conn.execute("DELETE FROM audit_log", []).unwrap_err();
    assert!(delete.to_string().contains("append-only"), "{delete}");
    // An erasure (schema 6's flag, inside its own transaction) may replace the number it erases.
    conn.execute_batch(
        "BEGIN; INSERT INTO erasing (one) VALUES (1);
         UPDATE audit_log SET employee_no = 'erased-1' WHERE employee_no = '10023';
         DELETE FROM erasing; COMMIT;",
    )
    .unwrap();
    let who: String = conn
        .query_row("SELECT employee_no FROM audit_log", [], |r| r.get(0))
        .unwrap();
    assert_eq!(who, "erased-1");
    let delete = conn.execute("DELETE FROM audit_log", []).unwrap_err();
    assert!(delete.to_string().contains("append-only"), "{delete}");
}

/// Schema 6 and 7 kept a hash of each erased employee number under a key written in the source,
/// so trying every number found them again. Schema 8 drops the table, keeps only a cutoff day
/// that keeps the same people out, and leaves no trace of the hashes in the file.
#[test]
fn version_7_erasure_hashes_are_dropped_and_leave_no_trace() {
    const UP_TO_7: [&str; 7] = [
        V1,
        V2,
        include_str!("../../src/migrations/003_requirement_source.sql"),
        include_str!("../../src/migrations/004_source_state.sql"),
        include_str!("../../src/migrations/005_rounds.sql"),
        include_str!("../../src/migrations/006_erasure.sql"),
        include_str!("../../src/migrations/007_audit.sql"),
    ];
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v7.db");
    // A recognisable 32-byte value standing for the hash of an erased number.
    let hash = [0xA5u8; 32];
    {
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "journal_mode", "WAL").unwrap();
        for step in UP_TO_7 {
            conn.execute_batch(step).unwrap();
        }
        // Erased on 2026-11-20, last employment ended on day 739797 (2026-06-30).
        conn.execute(
            "INSERT INTO erased_people (employee_key, last_day, erased_at) VALUES (?1, 739797, '2026-11-20T02:00:00Z')",
            [&hash[..]],
        )
        .unwrap();
        conn.execute_batch("PRAGMA user_version = 7;").unwrap();
    }
    let registry = Registry::open(&path, Actor::Hr).unwrap();
    assert_eq!(registry.schema_version().unwrap(), SCHEMA_VERSION);
    let conn = registry.hr_connection().unwrap();
    assert!(!tables(conn).contains(&"erased_people".to_string()));
    let cutoff: i64 = conn
        .query_row("SELECT cutoff_day FROM retention", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        cutoff, 739798,
        "the day after the last erased person's last day"
    );
    drop(registry);
    let mut bytes = std::fs::read(&path).unwrap();
    if let Ok(wal) = std::fs::read(dir.path().join("v7.db-wal")) {
        bytes.extend(wal);
    }
    assert!(
        !bytes.windows(hash.len()).any(|w| w == hash),
        "the old hash is still in the file"
    );
}

/// Talks and what was agreed at them are kept like evidence: never changed or deleted, except
/// that an erasure may remove the number of the manager who held a talk.
#[test]
fn talks_are_append_only_outside_an_erasure() {
    let registry = Registry::open_in_memory(Actor::Hr).unwrap();
    let conn = registry.hr_connection().unwrap();
    conn.execute_batch(
        "INSERT INTO systems (code, name) VALUES ('O365', 'Microsoft 365');
         INSERT INTO persons (employee_no, given_name, family_name) VALUES ('10023', 'Anna', 'Lindqvist');
         INSERT INTO talks (person_id, day, held_by, recorded_by, recorded_at)
             VALUES (1, 739900, '10001', 'karin', '2026-11-20T10:00:00Z');
         INSERT INTO talk_agreements (talk_id, system_id, level) VALUES (1, 1, 2);",
    )
    .unwrap();
    for sql in [
        "UPDATE talks SET day = 739901",
        "DELETE FROM talks",
        "UPDATE talk_agreements SET level = 4",
        "DELETE FROM talk_agreements",
    ] {
        let err = conn.execute(sql, []).unwrap_err();
        assert!(err.to_string().contains("append-only"), "{sql}: {err}");
    }
    // An agreement is a level in a system or a course, never both nor a level outside 1-4.
    let bad = conn
        .execute(
            "INSERT INTO talk_agreements (talk_id, system_id, level) VALUES (1, 1, 5)",
            [],
        )
        .unwrap_err();
    assert!(bad.to_string().contains("CHECK"), "{bad}");
    conn.execute_batch(
        "BEGIN; INSERT INTO erasing (one) VALUES (1);
         UPDATE talks SET held_by = NULL WHERE held_by = '10001';
         DELETE FROM erasing; COMMIT;",
    )
    .unwrap();
    let held_by: Option<String> = conn
        .query_row("SELECT held_by FROM talks", [], |r| r.get(0))
        .unwrap();
    assert_eq!(held_by, None);
}
