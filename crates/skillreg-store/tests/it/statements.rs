//! The registry's cached statements are not compiled again on each use.
//!
//! SQLite (3.54) marks a statement whose `WHERE` compares a column with a bound parameter
//! (`e.person_id = ?1` beside a join) to be prepared again once its bindings are cleared, so
//! that the planner may look at the next value; rusqlite clears a statement's bindings each
//! time it goes back to the cache. Without the query planner stability guarantee that the store
//! turns on, nearly every cached read of a brief was compiled again on each use: a fifth of the
//! web service's CPU in a profile of audited briefs.

use rusqlite::{Connection, StatementStatus};
use skillreg_store::{Actor, BriefConfig};
use skillreg_testkit::{d, sample_registry};

/// Each statement the connection holds (the cache's), with how often it ran and how often it
/// was prepared again; with `reset`, the counts start again from zero after this.
fn statements(conn: &Connection, reset: bool) -> Vec<(String, i32, i32)> {
    let reset = std::ffi::c_int::from(reset);
    let mut out = Vec::new();
    // SAFETY: the handle is the open connection's, used on this thread only while `conn` is
    // borrowed; sqlite3_next_stmt, sqlite3_sql and sqlite3_stmt_status only read.
    unsafe {
        let db = conn.handle();
        let mut stmt = rusqlite::ffi::sqlite3_next_stmt(db, std::ptr::null_mut());
        while !stmt.is_null() {
            let sql = std::ffi::CStr::from_ptr(rusqlite::ffi::sqlite3_sql(stmt));
            let sql = sql
                .to_string_lossy()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            let run = rusqlite::ffi::sqlite3_stmt_status(
                stmt,
                rusqlite::ffi::SQLITE_STMTSTATUS_RUN,
                reset,
            );
            let again = rusqlite::ffi::sqlite3_stmt_status(
                stmt,
                rusqlite::ffi::SQLITE_STMTSTATUS_REPREPARE,
                reset,
            );
            out.push((sql, run, again));
            stmt = rusqlite::ffi::sqlite3_next_stmt(db, stmt);
        }
    }
    out
}

#[test]
fn a_cached_join_on_a_bound_person_is_not_prepared_again() {
    let registry = sample_registry();
    let conn = registry.hr_connection().unwrap();
    let sql = "SELECT u.code FROM employments e JOIN org_units u ON u.id = e.unit_id
               WHERE e.person_id = ?1 ORDER BY e.start_day, e.id";
    let mut units = Vec::new();
    for id in [1_i64, 2, 3] {
        let mut stmt = conn.prepare_cached(sql).unwrap();
        let first: String = stmt.query_row([id], |r| r.get(0)).unwrap();
        units.push(first);
    }
    assert_eq!(units.len(), 3);
    let stmt = conn.prepare_cached(sql).unwrap();
    assert_eq!(stmt.get_status(StatementStatus::Run), 3);
    assert_eq!(stmt.get_status(StatementStatus::RePrepare), 0);
}

#[test]
fn a_managers_briefs_one_after_another_prepare_no_statement_again() {
    let manager = |registry: skillreg_store::Registry| {
        registry
            .with_actor(Actor::Manager("10001".into()))
            .with_today(d("2026-11-20"))
    };
    // Counted from after a first brief: the sample's import switches foreign-key enforcement
    // off and on for its transaction, and SQLite expires every statement compiled before such
    // a pragma, so the statements the import left in the cache are each prepared once more on
    // their next use.
    let registry = manager(sample_registry());
    registry
        .brief("10023", &BriefConfig::new(d("2026-11-20")))
        .unwrap();
    let hr = registry.with_actor(Actor::Hr);
    statements(hr.hr_connection().unwrap(), true);
    let registry = manager(hr);
    for no in ["10023", "10024", "10023", "10024"] {
        let brief = registry
            .brief(no, &BriefConfig::new(d("2026-11-20")))
            .unwrap();
        assert_eq!(brief.employee_no, no);
    }
    let hr = registry.with_actor(Actor::Hr);
    let held = statements(hr.hr_connection().unwrap(), false);
    let briefs_reads: Vec<_> = held
        .iter()
        .filter(|(sql, _, _)| sql.contains("person_id = ?1") || sql.contains("employee_no = ?1"))
        .collect();
    assert!(
        briefs_reads.iter().filter(|(_, run, _)| *run >= 4).count() >= 5,
        "the brief's reads ran once per brief: {held:#?}"
    );
    let again: Vec<_> = held.iter().filter(|(_, _, again)| *again > 0).collect();
    assert!(again.is_empty(), "prepared again: {again:#?}");
}

/// The sample in a file, for more than one connection.
fn sample_file(dir: &std::path::Path) -> std::path::PathBuf {
    let db = dir.join("skillreg.db");
    let mut hr = skillreg_store::Registry::open(&db, Actor::Hr).unwrap();
    let mut source = skillreg_wlx::WlxReader::new(skillreg_testkit::SAMPLE_EXPORT).unwrap();
    hr.sync(
        &mut source,
        "sample-export.xml",
        &skillreg_core::sync::SyncConfig::default(),
    )
    .unwrap();
    db
}

/// How often the catalog's occupations were read on `conn`.
fn catalog_reads(conn: &Connection) -> i32 {
    statements(conn, false)
        .iter()
        .filter(|(sql, _, _)| sql == "SELECT code, name FROM occupations ORDER BY code")
        .map(|(_, run, _)| *run)
        .sum()
}

#[test]
fn the_catalog_is_kept_across_other_connections_audit_rows_and_read_again_when_it_changes() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_file(dir.path());
    let day = d("2026-11-20");
    let open = |who: &str| {
        skillreg_store::Registry::open_existing(&db, Actor::Manager(who.into()))
            .unwrap()
            .with_today(day)
    };
    let karin = open("10001");
    let hr = open("10001").with_actor(Actor::Hr);
    let first = karin.brief("10023", &BriefConfig::new(day)).unwrap();
    // Another connection's reads commit audit rows: the catalog is not read again.
    for no in ["10023", "10024", "10001"] {
        hr.brief(no, &BriefConfig::new(day)).unwrap();
        karin.brief("10024", &BriefConfig::new(day)).unwrap();
    }
    let karin = karin.with_actor(Actor::Hr);
    assert_eq!(catalog_reads(karin.hr_connection().unwrap()), 1);
    // Another connection renames a system: the next brief reads the catalog again.
    let system = first.systems[0].standing.system.clone();
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute(
            "UPDATE systems SET name = 'Renamed elsewhere' WHERE code = ?1",
            [&system],
        )
        .unwrap();
    let karin = karin.with_actor(Actor::Manager("10001".into()));
    let again = karin.brief("10023", &BriefConfig::new(day)).unwrap();
    let renamed = again
        .systems
        .iter()
        .find(|s| s.standing.system == system)
        .unwrap();
    assert_eq!(renamed.name, "Renamed elsewhere");
    let karin = karin.with_actor(Actor::Hr);
    assert_eq!(catalog_reads(karin.hr_connection().unwrap()), 2);
}
