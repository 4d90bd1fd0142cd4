//! A write waits for another process's write to commit instead of failing: every write
//! transaction of the registry begins `IMMEDIATE`. A deferred one that read inside the
//! transaction (as every recording call does, loading the catalog's ids) and then wrote after
//! another connection committed failed at once with "database is locked" (SQLite's stale
//! snapshot), whatever the registry's wait: the web service's self-assessments during a nightly
//! sync answered 500.

use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use skillreg_core::sync::SyncConfig;
use skillreg_store::{Actor, FormAnswer, Registry};
use skillreg_testkit::{SAMPLE_EXPORT, d};

#[test]
fn a_self_assessment_waits_for_another_connections_write_and_is_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("skillreg.db");
    {
        let mut hr = Registry::open(&db, Actor::Hr).unwrap();
        let mut source = skillreg_wlx::WlxReader::new(SAMPLE_EXPORT).unwrap();
        hr.sync(&mut source, "sample-export.xml", &SyncConfig::default())
            .unwrap();
    }
    let mut anna = Registry::open_existing(&db, Actor::Employee("10023".into()))
        .unwrap()
        .with_today(d("2026-11-20"));
    anna.set_wait(Duration::from_secs(30)).unwrap();
    let before = rows_of_anna(&db);

    // Another connection (another process, as a nightly sync is) takes the write lock, writes,
    // and commits a moment after Anna's call has begun.
    let (locked, is_locked) = mpsc::channel();
    let other = db.clone();
    let writer = thread::spawn(move || {
        let conn = rusqlite::Connection::open(&other).unwrap();
        conn.execute_batch(
            "BEGIN IMMEDIATE;
             UPDATE persons SET given_name = given_name WHERE employee_no = '10024';",
        )
        .unwrap();
        locked.send(()).unwrap();
        thread::sleep(Duration::from_millis(400));
        conn.execute_batch("COMMIT").unwrap();
    });
    is_locked.recv().unwrap();

    let answers = [FormAnswer::new("PMO", "3")];
    let done = anna
        .record_self_assessments("10023", &answers, d("2026-11-20"))
        .expect("the write waits for the other connection to commit");
    writer.join().unwrap();
    assert_eq!(done.n_recorded, 1);

    assert_eq!(rows_of_anna(&db), before + 1);
}

/// Anna's evidence rows, read by another connection.
fn rows_of_anna(db: &std::path::Path) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(
        "SELECT count(*) FROM evidence e JOIN persons p ON p.id = e.person_id
         WHERE p.employee_no = '10023'",
        [],
        |r| r.get(0),
    )
    .unwrap()
}
