//! [`Registry`]: the library's front door.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::rc::Rc;
use std::time::Instant;

use chrono::{Days, NaiveDate, SecondsFormat, Utc};
use rusqlite::config::DbConfig;
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use skillreg_core::rules;
use skillreg_core::sync::{self, CatalogOp, SourceRole, SyncConfig, SyncError, SyncReport};
use skillreg_core::{
    Catalog, Employee, Employment, Evidence, EvidenceKind, Level, RuleBook, Snapshot,
    SourceCatalog, Standing,
};

use skillreg_core::view::{
    AgreementState, Brief, BriefSystem, DEFAULT_EXPIRING_DAYS, GapRow, HistoryEntry, OpenReferral,
    Profile,
};

use crate::actor::{Actor, Write};
use crate::error::{Error, Result};
use crate::migrate::{self, SCHEMA_VERSION};
use crate::scan;
use crate::sql::{self, to_day};
use crate::target::{Ids, Origin, TxTarget, apply_catalog_ops, insert_evidence};

mod read;
mod record;
mod references;
mod sync_runs;
mod talks;

pub use sync_runs::RunRecord;
pub use talks::DEFAULT_TALK_INTERVAL_MONTHS;

/// The source name of evidence entered through the library or the CLI (not from an outside system).
pub const REGISTRY_SOURCE: &str = "registry";

/// How long a call waits for another process's lock unless told otherwise: long enough for a
/// nightly sync of a large region to commit.
const DEFAULT_WAIT: std::time::Duration = std::time::Duration::from_secs(120);

/// The catalog and the rule book built from it.
type Rules = (Catalog, RuleBook);

/// [`Rules`] with the `PRAGMA data_version` and the catalog's change count they were last found
/// current at.
struct CachedRules {
    data_version: i64,
    catalog_version: i64,
    rules: Rc<Rules>,
}

/// A competence registry in one SQLite file.
pub struct Registry {
    conn: Connection,
    /// The catalog and its rule book, reused by every query until this or another connection
    /// changes the catalog.
    rules: RefCell<Option<CachedRules>>,
    /// Who is asking: every read and write is checked against it.
    actor: Actor,
    /// Through what the calls come (a command line, a sync run), for the audit trail.
    pub(crate) via: String,
    /// The organisation's current day, when the embedding tool keeps a clock of its own (see
    /// [`Registry::with_today`]); otherwise the system clock's.
    clock: Option<NaiveDate>,
    /// How long a call waits for another process's lock (see [`Registry::set_wait`]).
    wait: std::time::Duration,
    /// Where the audit rows of reads go, if shared with other registries of the process (see
    /// [`Registry::set_audit_writer`]).
    pub(crate) audit_writer: Option<crate::AuditWriter>,
}

/// What [`Registry::refer`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Referred {
    /// A new referral.
    Created,
    /// A referral to that course was already open; its due date was changed.
    DueChanged,
    /// A referral to that course was already open, with the same due date: nothing changed.
    AlreadyOpen,
}

/// Who made an assessment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Assessment {
    /// The employee rated themself.
    SelfAssessment,
    /// A manager rated the employee; the assessor's employee number or name.
    Manager(String),
}

/// Which people a gap report covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// One employee.
    Employee(String),
    /// The people a manager manages: direct reports, or everyone below them.
    Manager {
        /// The manager's employee number.
        manager: String,
        /// Include reports of reports, all the way down.
        indirect: bool,
    },
    /// Everyone employed in a unit or a unit below it.
    Unit(String),
    /// Everyone in an occupation.
    Occupation(String),
    /// Everyone.
    All,
}

/// Settings for the brief.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BriefConfig {
    /// The day.
    pub as_of: NaiveDate,
    /// Report changes since this day (default: one year before `as_of`).
    pub since: Option<NaiveDate>,
    /// Results expiring within this many days are reported (default 90).
    pub expiring_days: u32,
}

impl BriefConfig {
    /// Defaults for `as_of`.
    pub fn new(as_of: NaiveDate) -> BriefConfig {
        BriefConfig {
            as_of,
            since: None,
            expiring_days: DEFAULT_EXPIRING_DAYS,
        }
    }
}

/// A record the registry learned that the outside system does not have yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LearnedRecord {
    /// Sequence number.
    pub id: i64,
    /// Employee number.
    pub employee_no: String,
    /// The evidence.
    pub evidence: Evidence,
}

/// Records to send back to an outside system.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PendingExport {
    /// When the previous successful export was made, if ever.
    pub since: Option<String>,
    /// The records, in recording order.
    pub records: Vec<LearnedRecord>,
    /// The last record's sequence number (the high-water mark to store once written).
    pub up_to: i64,
}

/// Creates `path` as an empty file readable and writable by its owner only, unless it exists
/// (then it is left as it is). SQLite would create it with the umask's mode, often 0644.
fn create_private(path: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // SQLite's names for a database without a file.
        if path.as_os_str().is_empty() || path.as_os_str() == ":memory:" {
            return Ok(());
        }
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(path)
        {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => {
                return Err(Error::Invalid(format!(
                    "cannot create registry {}: {e}",
                    path.display()
                )));
            }
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

pub(crate) fn now() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true)
}

impl Registry {
    /// Opens (or creates) the registry at `path` for `actor`, and brings its schema up to date.
    /// Every read and write through it is checked against the actor (see [`Actor`]); the
    /// caller vouches for who the actor is.
    ///
    /// ```
    /// use skillreg_store::{Actor, Registry};
    /// let dir = tempfile::tempdir()?;
    /// let registry = Registry::open(dir.path().join("skillreg.db"), Actor::Hr)?;
    /// assert_eq!(registry.schema_version()?, skillreg_store::SCHEMA_VERSION);
    /// Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// A new file is created readable and writable by its owner only (mode 0600 on Unix,
    /// whatever the umask): it holds personal data. SQLite gives the `-wal` and `-shm` files
    /// beside it the same mode.
    pub fn open(path: impl AsRef<Path>, actor: Actor) -> Result<Registry> {
        let path = path.as_ref();
        create_private(path)?;
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        Registry::setup(conn, actor)
    }

    /// Opens an existing registry for `actor`; fails if the file does not exist or is empty
    /// (an empty file is not a registry, and opening it must not turn it into one).
    pub fn open_existing(path: impl AsRef<Path>, actor: Actor) -> Result<Registry> {
        let path = path.as_ref();
        if std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() == 0) {
            return Err(Error::Invalid(format!(
                "{} is an empty file, not a registry",
                path.display()
            )));
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        Registry::setup(conn, actor)
    }

    /// A registry in memory for `actor` (for tests and one-off reports).
    pub fn open_in_memory(actor: Actor) -> Result<Registry> {
        Registry::setup(Connection::open_in_memory()?, actor)
    }

    // Connections are opened without SQLite's own per-connection mutex (rusqlite's default
    // too): a `Connection` is `Send` but not `Sync`, so Rust already keeps it to one thread at a
    // time, and the mutex cost a sixth of a web page's time in a profile.
    fn setup(mut conn: Connection, actor: Actor) -> Result<Registry> {
        // A write (a recorded read's audit row included) waits for a running sync to commit:
        // long enough for a nightly sync of a large region.
        conn.busy_timeout(DEFAULT_WAIT)?;
        conn.set_prepared_statement_cache_capacity(64);
        // The query planner stability guarantee: a statement's plan does not depend on the
        // values bound to it. Without it, SQLite marks a statement that compares a column with
        // a parameter (`e.person_id = ?1`) to be compiled again once its bindings are cleared,
        // which rusqlite does each time a statement goes back to the cache: every cached read
        // was compiled anew on each use (a fifth of the web service's CPU). The registry runs
        // no ANALYZE, so the planner has no statistics that a bound value could select.
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)?;
        // 8 MB of page cache (default 2 MB): larger gained nothing measurable in a sync.
        conn.pragma_update(None, "cache_size", -8_000)?;
        conn.pragma_update(None, "foreign_keys", true)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        migrate::migrate_to(&mut conn, SCHEMA_VERSION)?;
        Ok(Registry {
            conn,
            rules: RefCell::new(None),
            actor,
            via: String::new(),
            clock: None,
            wait: DEFAULT_WAIT,
            audit_writer: None,
        })
    }

    /// Who the registry was opened for.
    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    /// The same registry, now asked by `actor` (a nightly job narrows itself to each step's
    /// source). The audit trail's `via` is kept.
    pub fn with_actor(self, actor: Actor) -> Registry {
        Registry { actor, ..self }
    }

    /// How long a call waits for another process's lock or read before giving up (120 seconds
    /// unless set): a write for a running sync to commit, an erasure for readers of an older
    /// state to finish (see [`Registry::erase_terminated_before`]).
    pub fn set_wait(&mut self, wait: std::time::Duration) -> Result<()> {
        self.conn.busy_timeout(wait)?;
        self.wait = wait;
        Ok(())
    }

    /// Copies the write-ahead log back into the file and empties it, without waiting for other
    /// processes' reads: when one holds it, the log is emptied by a later checkpoint. For data
    /// just removed, whose old bytes should not linger in the log.
    pub(crate) fn flush_write_ahead_log(&self) -> Result<()> {
        self.conn.busy_timeout(std::time::Duration::ZERO)?;
        let done = self
            .conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
        self.conn.busy_timeout(self.wait)?;
        Ok(done?)
    }

    /// Runs `f` on the connection without waiting for another process's lock (a busy
    /// registry fails at once), then waits as before.
    pub(crate) fn without_waiting<T>(&self, f: impl FnOnce(&Connection) -> T) -> Result<T> {
        self.conn.busy_timeout(std::time::Duration::ZERO)?;
        let done = f(&self.conn);
        self.conn.busy_timeout(self.wait)?;
        Ok(done)
    }

    /// The same registry with `day` as the organisation's current day, for an embedding tool
    /// that keeps a clock of its own (and for tests). Who may read or write whom is decided by
    /// the relationships on this day, whatever day a call asks about (see [`Actor`]). The CLI
    /// never sets it: a user chooses `--as-of`, not the day their access is decided on.
    pub fn with_today(self, day: NaiveDate) -> Registry {
        Registry {
            clock: Some(day),
            ..self
        }
    }

    /// The organisation's current day: the system clock's (UTC), unless
    /// [`Registry::with_today`] set one.
    pub fn today(&self) -> NaiveDate {
        self.clock.unwrap_or_else(|| Utc::now().date_naive())
    }

    /// Refuses anyone but HR to `action` (e.g. `purge people who left`), with
    /// [`Error::AccessDenied`]: `manager:10001 may not purge people who left: only HR may`.
    /// Every HR-only call makes this check itself; a caller may ask it first, e.g. to refuse a
    /// request before reading its body.
    pub fn require_hr(&self, action: &str) -> Result<()> {
        if self.actor.is_hr() {
            return Ok(());
        }
        Err(Error::AccessDenied {
            actor: self.actor.clone(),
            action: action.to_string(),
            subject: String::new(),
            who_may: "HR".to_string(),
        })
    }

    /// The catalog and its rule book, read again only after a change of the catalog. When
    /// `PRAGMA data_version` says another connection committed, schema 16's `catalog_version`
    /// says whether the catalog was among what changed (an audit row of a read is not); this
    /// connection's own writes clear the cache.
    fn rules(&self) -> Result<Rc<Rules>> {
        let version: i64 = self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?;
        let mut cached = self.rules.borrow_mut();
        if let Some(cache) = cached.as_mut() {
            if cache.data_version == version {
                return Ok(Rc::clone(&cache.rules));
            }
            if self.catalog_version()? == cache.catalog_version {
                cache.data_version = version;
                return Ok(Rc::clone(&cache.rules));
            }
        }
        // Read before the catalog: a change committed in between is seen as one next time,
        // never a stale catalog kept under a newer count.
        let catalog_version = self.catalog_version()?;
        let catalog = self.catalog()?;
        let rules = Rc::new((catalog.clone(), RuleBook::new(&catalog)));
        *cached = Some(CachedRules {
            data_version: version,
            catalog_version,
            rules: Rc::clone(&rules),
        });
        Ok(rules)
    }

    fn catalog_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .prepare_cached("SELECT n FROM catalog_version WHERE id = 1")?
            .query_row([], |r| r.get(0))?)
    }

    fn forget_rules(&self) {
        self.rules.borrow_mut().take();
    }

    /// The schema version of the open file.
    pub fn schema_version(&self) -> Result<u32> {
        migrate::schema_version(&self.conn)
    }

    /// The catalog.
    pub fn catalog(&self) -> Result<Catalog> {
        Ok(sql::load_catalog(&self.conn)?)
    }

    /// Creates or updates the catalog items in `catalog` (items not named are kept), in one
    /// transaction. Refused, changing nothing, if a reference is unknown or units form a cycle.
    /// Returns what changed; applying the same catalog twice changes nothing the second time.
    pub fn apply_catalog(
        &mut self,
        catalog: &SourceCatalog,
        input: &str,
    ) -> Result<Vec<CatalogOp>> {
        Ok(self
            .apply_catalog_with(catalog, input, false, |_| true)?
            .unwrap_or_default())
    }

    /// [`Registry::apply_catalog`], with a dry run (check and plan, write nothing: the changes
    /// that would be made) and a precondition on the catalog as it stands, checked in the
    /// write's own transaction: `Ok(None)`, nothing written, when `expected` answers false
    /// (an HTTP `If-Match` that no longer holds).
    ///
    /// ```
    /// let mut registry = skillreg_testkit::sample_registry();
    /// let text = skillreg_core::SourceCatalog::default();
    /// assert_eq!(registry.apply_catalog_with(&text, "empty", true, |_| true)?, Some(vec![]));
    /// assert_eq!(registry.apply_catalog_with(&text, "empty", false, |_| false)?, None);
    /// Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn apply_catalog_with(
        &mut self,
        catalog: &SourceCatalog,
        input: &str,
        dry_run: bool,
        expected: impl FnOnce(&Catalog) -> bool,
    ) -> Result<Option<Vec<CatalogOp>>> {
        self.require_hr("change the catalog")?;
        let stamp = self.stamp();
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let existing = sql::load_catalog(&tx)?;
        if !expected(&existing) {
            return Ok(None);
        }
        let incoming = catalog.catalog.clone().keeping_unstated(&existing);
        let merged = existing.merged(&incoming);
        let problems = sync::check_catalog(&merged, catalog);
        if !problems.is_empty() {
            return Err(Error::Refused {
                input: input.to_string(),
                problems,
                n_more: 0,
            });
        }
        let ops = sync::plan_catalog(&existing, &incoming);
        if dry_run {
            return Ok(Some(ops));
        }
        apply_catalog_ops(&tx, &ops, None)?;
        stamp.write(
            &tx,
            "apply catalog",
            None,
            &format!("{input}: {} change(s)", ops.len()),
        )?;
        tx.commit()?;
        self.forget_rules();
        Ok(Some(ops))
    }

    /// Records learned in the registry (from any source but `target` itself) since the last
    /// successful export to `target`.
    pub fn pending_export(&self, target: &str) -> Result<PendingExport> {
        self.check_source(target, "export to")?;
        let last: Option<(String, i64)> = self
            .conn
            .query_row(
                "SELECT created_at, last_evidence_id FROM exports WHERE target = ?1 ORDER BY id DESC LIMIT 1",
                [target],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let (since, after) = match last {
            Some((at, id)) => (Some(at), id),
            None => (None, 0),
        };
        let mut stmt = self.conn.prepare(
            "SELECT s.code, e.level, e.day, e.kind, e.assessor, c.code, c.valid_months, e.id, p.employee_no
             FROM evidence e
             JOIN systems s ON s.id = e.system_id
             JOIN persons p ON p.id = e.person_id
             LEFT JOIN courses c ON c.id = e.course_id
             WHERE e.id > ?1 AND e.source <> ?2 ORDER BY e.id",
        )?;
        let rows = stmt.query_map(params![after, target], |r| {
            Ok(LearnedRecord {
                evidence: sql::evidence_row(r)?,
                id: r.get(7)?,
                employee_no: r.get(8)?,
            })
        })?;
        let records: Vec<LearnedRecord> = rows.collect::<rusqlite::Result<_>>()?;
        let up_to = records.last().map_or(after, |r| r.id);
        Ok(PendingExport {
            since,
            records,
            up_to,
        })
    }

    /// Notes that the records up to `up_to` were written to `target` (call once the file is safely
    /// written), so the next export starts after them.
    pub fn mark_exported(
        &mut self,
        target: &str,
        pending: &PendingExport,
        created_at: &str,
        output: &str,
    ) -> Result<()> {
        self.check_source(target, "export to")?;
        let stamp = self.stamp();
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT INTO exports (target, created_at, last_evidence_id, n_records, output) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![target, created_at, pending.up_to, pending.records.len() as i64, output],
        )?;
        stamp.write(
            &tx,
            "export",
            None,
            &format!("{} record(s) to {target} ({output})", pending.records.len()),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Counts per table, for summaries: persons, active persons on `day`, evidence, runs.
    pub fn counts(&self, day: NaiveDate) -> Result<BTreeMap<&'static str, i64>> {
        self.require_hr("count the registry's people and records")?;
        let d = to_day(day);
        let one =
            |sql: &str| -> Result<i64> { Ok(self.conn.query_row(sql, params![d], |r| r.get(0))?) };
        Ok(BTreeMap::from([
            (
                "persons",
                one("SELECT count(*) FROM persons WHERE ?1 IS NOT NULL")?,
            ),
            (
                "active",
                one(
                    "SELECT count(DISTINCT person_id) FROM employments WHERE start_day <= ?1 AND (end_day IS NULL OR end_day >= ?1)",
                )?,
            ),
            (
                "evidence",
                one("SELECT count(*) FROM evidence WHERE ?1 IS NOT NULL")?,
            ),
            (
                "sync_runs",
                one("SELECT count(*) FROM sync_runs WHERE ?1 IS NOT NULL")?,
            ),
        ]))
    }

    /// The underlying connection, for HR only: reports an embedding tool wants to add. Read
    /// only; what is read through it bypasses the checks and the audit trail, which is why
    /// nobody else gets it.
    pub fn hr_connection(&self) -> Result<&Connection> {
        self.require_hr("query the database directly")?;
        Ok(&self.conn)
    }

    /// Runs `read` inside one read transaction, so that a report made of many queries sees one
    /// state of the registry even if a sync commits meanwhile (WAL: the sync does not wait for
    /// it, nor it for the sync). Inside a transaction already, `read` just runs.
    pub(crate) fn read_snapshot<T>(&self, read: impl FnOnce() -> Result<T>) -> Result<T> {
        if !self.conn.is_autocommit() {
            return read();
        }
        self.conn.execute_batch("BEGIN DEFERRED")?;
        let result = read();
        // Ending a read transaction cannot lose anything; a failure to end it is reported.
        let end = self
            .conn
            .execute_batch(if result.is_ok() { "COMMIT" } else { "ROLLBACK" });
        let value = result?;
        end?;
        Ok(value)
    }

    /// The underlying connection, for the registry's own modules (after their own checks).
    pub(crate) fn connection(&self) -> &Connection {
        &self.conn
    }

    /// A write transaction for the registry's own modules; the cached rules are dropped, since
    /// the transaction may change the catalog.
    ///
    /// Every write transaction begins `IMMEDIATE`: it takes the write lock first, waiting (up
    /// to [`Registry::set_wait`]) for another process's write to commit. A deferred one that
    /// read first and then wrote while a sync in another process committed would fail at once
    /// with "database is locked" instead of waiting, since its snapshot is then stale.
    ///
    /// Inside a transaction already (a write run by [`Registry::write_once`], which stores
    /// its answer in the same transaction), it is a savepoint of that transaction instead:
    /// committing it commits nothing yet, rolling it back undoes only its own part.
    pub(crate) fn transaction(&mut self) -> Result<Tx<'_>> {
        self.forget_rules();
        self.write_transaction()
    }

    /// [`Registry::transaction`], keeping the cached rules (a write that leaves the catalog
    /// as it is).
    pub(crate) fn write_transaction(&mut self) -> Result<Tx<'_>> {
        Ok(if self.conn.is_autocommit() {
            Tx::Top(
                self.conn
                    .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?,
            )
        } else {
            Tx::Nested(self.conn.savepoint()?)
        })
    }

    /// Begins a write for code that cannot hold a [`Tx`] (it writes through `&mut self`):
    /// `BEGIN IMMEDIATE`, or a savepoint inside a transaction already. End it with
    /// [`Registry::end_write`].
    pub(crate) fn begin_write(&self) -> Result<Begun> {
        if self.conn.is_autocommit() {
            self.conn.execute_batch("BEGIN IMMEDIATE")?;
            Ok(Begun::Top)
        } else {
            self.conn.execute_batch("SAVEPOINT nested_write")?;
            Ok(Begun::Nested)
        }
    }

    /// Commits (`ok`) or rolls back what [`Registry::begin_write`] began.
    pub(crate) fn end_write(&self, begun: Begun, ok: bool) -> Result<()> {
        let sql = match (begun, ok) {
            (Begun::Top, true) => "COMMIT",
            (Begun::Top, false) => "ROLLBACK",
            (Begun::Nested, true) => "RELEASE nested_write",
            (Begun::Nested, false) => "ROLLBACK TO nested_write; RELEASE nested_write",
        };
        Ok(self.conn.execute_batch(sql)?)
    }
}

/// How [`Registry::begin_write`] began.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Begun {
    /// A transaction of its own.
    Top,
    /// A savepoint in a transaction already open.
    Nested,
}

/// A write transaction of the registry's own modules ([`Registry::transaction`]): its own, or
/// a savepoint inside one already open. Either way, dropped without [`Tx::commit`] it rolls
/// back.
pub(crate) enum Tx<'c> {
    /// A transaction of its own.
    Top(rusqlite::Transaction<'c>),
    /// A savepoint of a transaction already open.
    Nested(rusqlite::Savepoint<'c>),
}

impl std::ops::Deref for Tx<'_> {
    type Target = Connection;

    fn deref(&self) -> &Connection {
        match self {
            Tx::Top(t) => t,
            Tx::Nested(s) => s,
        }
    }
}

impl Tx<'_> {
    /// Commits the transaction, or releases the savepoint into the transaction around it.
    pub(crate) fn commit(self) -> Result<()> {
        match self {
            Tx::Top(t) => t.commit()?,
            Tx::Nested(s) => s.commit()?,
        }
        Ok(())
    }

    /// Rolls back the transaction, or what was done since the savepoint.
    pub(crate) fn rollback(self) -> Result<()> {
        match self {
            Tx::Top(t) => t.rollback()?,
            Tx::Nested(mut s) => {
                s.rollback()?;
                s.commit()?;
            }
        }
        Ok(())
    }
}
