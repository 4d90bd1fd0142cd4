//! [`AuditWriter`]: one thread that writes the audit rows of reads for every registry of a
//! process that shares it, many rows to a transaction (group commit).
//!
//! A read of someone else's record leaves an audit row, written outside any transaction of
//! the read: each such row was a write transaction of its own. When several registries of one
//! process (the web service's workers) read at once, they queued for SQLite's write lock, and a
//! connection that finds it held waits in SQLite's busy handler, which sleeps (1 ms, then 2, 5,
//! 10 ...) rather than being woken when the lock is free: the workers spent their time asleep
//! and the machine idle. Each commit also made every other connection drop its page cache and
//! its catalog (both follow `PRAGMA data_version`).
//!
//! With an `AuditWriter` ([`Registry::set_audit_writer`]), such a row goes to the writer's
//! thread instead, and the call waits for the transaction that holds it to **commit** before
//! it returns: a read is answered only once its row is in the registry, as before. The writer
//! takes every row that has arrived meanwhile into the same transaction, so the rows of many
//! reads commit at once, in the order they arrived. A row that cannot be written fails every
//! call of its transaction (nothing of it is kept) with the database's error. Writes that are
//! transactions of their own (an assessment, a sync) still write their rows inside them.
//!
//! The writer's thread ends when the last `AuditWriter` sharing it is dropped.

use std::path::Path;
use std::sync::{Arc, mpsc};

use rusqlite::{Connection, params};

use crate::error::{Error, Result};
use crate::{Actor, Registry};

/// At most this many rows go into one transaction.
const MAX_BATCH: usize = 512;

/// One audit row, and where to say that its transaction committed (or why not).
struct Row {
    at: String,
    actor: String,
    action: String,
    employee_no: Option<String>,
    detail: String,
    via: String,
    done: mpsc::SyncSender<std::result::Result<(), Arc<rusqlite::Error>>>,
}

/// A handle on the audit writer's thread (see the module docs); cheap to clone, one per
/// registry that shares it.
#[derive(Debug, Clone)]
pub struct AuditWriter {
    rows: mpsc::Sender<Row>,
}

impl AuditWriter {
    /// Starts the writer over the registry at `path` (which must exist), with a connection of
    /// its own.
    ///
    /// ```
    /// use skillreg_store::{Actor, AuditFilter, AuditWriter, BriefConfig, Registry};
    /// # use skillreg_core::sync::SyncConfig;
    /// let dir = tempfile::tempdir()?;
    /// let db = dir.path().join("skillreg.db");
    /// # {
    /// #     let mut hr = Registry::open(&db, Actor::Hr)?;
    /// #     let mut wlx = skillreg_wlx::WlxReader::new(skillreg_testkit::SAMPLE_EXPORT)?;
    /// #     hr.sync(&mut wlx, "sample-export.xml", &SyncConfig::default())?;
    /// # }
    /// let writer = AuditWriter::start(&db)?;
    /// let mut manager = Registry::open_existing(&db, Actor::Manager("10001".into()))?;
    /// manager.set_audit_writer(Some(writer));
    /// let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    /// manager.with_today(day).brief("10023", &BriefConfig::new(day))?;
    /// // The read's row was committed before the brief was returned.
    /// let hr = Registry::open_existing(&db, Actor::Hr)?;
    /// let trail = hr.audit(&AuditFilter::default())?;
    /// assert!(trail.iter().any(|e| e.action == "read brief"
    ///     && e.employee_no.as_deref() == Some("10023")));
    /// Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn start(path: &Path) -> Result<AuditWriter> {
        let (rows, queue) = mpsc::channel::<Row>();
        let (opened, is_open) = mpsc::sync_channel(1);
        let path = path.to_path_buf();
        // The writer's registry is opened (and its schema checked) on its thread, and a
        // registry that cannot be opened is said here rather than by the first read.
        std::thread::Builder::new()
            .name("audit-writer".to_string())
            .spawn(move || match Registry::open_existing(&path, Actor::Hr) {
                Ok(registry) => {
                    let _ = opened.send(Ok(()));
                    write_rows(registry.connection(), &queue);
                }
                Err(e) => {
                    let _ = opened.send(Err(e));
                }
            })
            .map_err(|e| Error::Invalid(format!("cannot start the audit writer: {e}")))?;
        is_open
            .recv()
            .map_err(|_| Error::Invalid("the audit writer stopped as it started".to_string()))??;
        Ok(AuditWriter { rows })
    }

    /// Writes one row, returning once the transaction that holds it has committed.
    pub(crate) fn write(
        &self,
        at: String,
        actor: String,
        action: &str,
        employee_no: Option<&str>,
        detail: &str,
        via: &str,
    ) -> Result<()> {
        let (done, committed) = mpsc::sync_channel(1);
        let row = Row {
            at,
            actor,
            action: action.to_string(),
            employee_no: employee_no.map(str::to_string),
            detail: detail.to_string(),
            via: via.to_string(),
            done,
        };
        // The registry's failure, not the caller's: a database error (a server error to a web
        // client), never `Error::Invalid`.
        let gone = || failure("the audit writer has stopped: the read's row was not written");
        self.rows.send(row).map_err(|_| gone())?;
        match committed.recv().map_err(|_| gone())? {
            Ok(()) => Ok(()),
            Err(e) => Err(match Arc::try_unwrap(e) {
                Ok(e) => Error::Sqlite(e),
                Err(shared) => match shared.as_ref() {
                    rusqlite::Error::SqliteFailure(code, message) => {
                        Error::Sqlite(rusqlite::Error::SqliteFailure(*code, message.clone()))
                    }
                    other => failure(&format!("the audit trail was not written: {other}")),
                },
            }),
        }
    }
}

/// A database error (SQLite's generic code) with `message`.
fn failure(message: &str) -> Error {
    let code = rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_ERROR);
    Error::Sqlite(rusqlite::Error::SqliteFailure(
        code,
        Some(message.to_string()),
    ))
}

/// The writer's loop: a row, then every row that has arrived meanwhile, in one transaction.
fn write_rows(conn: &Connection, queue: &mpsc::Receiver<Row>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while let Ok(first) = queue.recv() {
        batch.push(first);
        while batch.len() < MAX_BATCH {
            match queue.try_recv() {
                Ok(row) => batch.push(row),
                Err(_) => break,
            }
        }
        let result = commit(conn, &batch).map_err(Arc::new);
        if result.is_err() {
            // A failed commit leaves no transaction open; one that failed earlier might.
            if !conn.is_autocommit() {
                let _ = conn.execute_batch("ROLLBACK");
            }
        }
        for row in batch.drain(..) {
            let _ = row.done.send(result.clone());
        }
    }
}

fn commit(conn: &Connection, batch: &[Row]) -> rusqlite::Result<()> {
    conn.execute_batch("BEGIN IMMEDIATE")?;
    {
        let mut insert = conn.prepare_cached(
            "INSERT INTO audit_log (at, actor, action, employee_no, detail, via)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        for row in batch {
            insert.execute(params![
                row.at,
                row.actor,
                row.action,
                row.employee_no,
                row.detail,
                row.via
            ])?;
        }
    }
    conn.execute_batch("COMMIT")
}
