//! [`Registry`]: the library's front door.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::rc::Rc;
use std::time::Instant;

use chrono::{Days, NaiveDate, SecondsFormat, Utc};
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use skillreg_core::rules;
use skillreg_core::sync::{self, CatalogOp, SourceRole, SyncConfig, SyncError, SyncReport};
use skillreg_core::{
    Catalog, Employee, Employment, Evidence, EvidenceKind, Level, RuleBook, Snapshot,
    SourceCatalog, Standing,
};

use skillreg_core::view::{
    Brief, BriefSystem, DEFAULT_EXPIRING_DAYS, GapRow, HistoryEntry, OpenReferral, Profile,
};

use crate::actor::{Actor, Write};
use crate::error::{Error, Result};
use crate::migrate::{self, SCHEMA_VERSION};
use crate::scan;
use crate::sql::{self, to_day};
use crate::target::{Ids, Origin, TxTarget, apply_catalog_ops, insert_evidence};

/// The source name of evidence entered through the library or the CLI (not from an outside system).
pub const REGISTRY_SOURCE: &str = "registry";

/// The catalog and the rule book built from it.
type Rules = (Catalog, RuleBook);

/// A competence registry in one SQLite file.
pub struct Registry {
    conn: Connection,
    /// The catalog and its rule book, with the `PRAGMA data_version` they were read at: reused
    /// by every query until this or another connection changes the database.
    rules: RefCell<Option<(i64, Rc<Rules>)>>,
    /// Who is asking: every read and write is checked against it.
    actor: Actor,
    /// Through what the calls come (a command line, a sync run), for the audit trail.
    pub(crate) via: String,
}

/// What [`Registry::refer`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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

/// One row of the sync run log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunRecord {
    /// Run id.
    pub id: i64,
    /// Adapter.
    pub source: String,
    /// Input name (file).
    pub input: Option<String>,
    /// Input digest.
    pub digest: Option<String>,
    /// When it started (UTC).
    pub started_at: String,
    /// How long it took.
    pub duration_ms: i64,
    /// `applied`, `dry_run`, `refused`, `guard_tripped` or `failed`.
    pub outcome: String,
    /// People created, updated, terminated, reactivated; evidence added. In JSON an object that
    /// names them (`{"created": 8, "updated": 0, ...}`), as the nightly summary does.
    #[serde(with = "named_counts")]
    pub counts: [i64; 5],
    /// Error message, for runs that did not apply.
    pub message: Option<String>,
    /// `people` (the source owns people and employments) or `evidence`.
    pub role: String,
    /// Warnings (records the source named but that were left alone, and why).
    pub n_warnings: i64,
    /// People named by the source but left alone.
    pub n_skipped: i64,
}

/// A record the registry learned that the outside system does not have yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
pub struct PendingExport {
    /// When the previous successful export was made, if ever.
    pub since: Option<String>,
    /// The records, in recording order.
    pub records: Vec<LearnedRecord>,
    /// The last record's sequence number (the high-water mark to store once written).
    pub up_to: i64,
}

fn now() -> String {
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
    pub fn open(path: impl AsRef<Path>, actor: Actor) -> Result<Registry> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
        )?;
        Registry::setup(conn, actor)
    }

    /// Opens an existing registry for `actor`; fails if the file does not exist.
    pub fn open_existing(path: impl AsRef<Path>, actor: Actor) -> Result<Registry> {
        let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
        Registry::setup(conn, actor)
    }

    /// A registry in memory for `actor` (for tests and one-off reports).
    pub fn open_in_memory(actor: Actor) -> Result<Registry> {
        Registry::setup(Connection::open_in_memory()?, actor)
    }

    fn setup(mut conn: Connection, actor: Actor) -> Result<Registry> {
        // A write (a recorded read's audit row included) waits for a running sync to commit:
        // long enough for a nightly sync of a large region.
        conn.busy_timeout(std::time::Duration::from_secs(120))?;
        conn.set_prepared_statement_cache_capacity(64);
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

    /// Refuses anyone but HR to `action` (e.g. `purge people who left`), with
    /// [`Error::AccessDenied`]: `manager:10001 may not purge people who left: only HR may`.
    pub(crate) fn require_hr(&self, action: &str) -> Result<()> {
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

    /// The catalog and its rule book, read again only after a change. `data_version` changes
    /// when another connection commits; this connection's own writes clear the cache.
    fn rules(&self) -> Result<Rc<Rules>> {
        let version: i64 = self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?;
        if let Some((at, rules)) = self.rules.borrow().as_ref()
            && *at == version
        {
            return Ok(Rc::clone(rules));
        }
        let catalog = self.catalog()?;
        let rules = Rc::new((catalog.clone(), RuleBook::new(&catalog)));
        *self.rules.borrow_mut() = Some((version, Rc::clone(&rules)));
        Ok(rules)
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
        self.require_hr("change the catalog")?;
        let stamp = self.stamp();
        let tx = self.conn.transaction()?;
        let existing = sql::load_catalog(&tx)?;
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
        apply_catalog_ops(&tx, &ops, None)?;
        stamp.write(
            &tx,
            "apply catalog",
            None,
            &format!("{input}: {} change(s)", ops.len()),
        )?;
        tx.commit()?;
        self.forget_rules();
        Ok(ops)
    }

    /// Syncs the registry with one snapshot (see [`skillreg_core::sync`]): everything is applied
    /// in one transaction, or nothing is. Every run, refused or not, is recorded in the run log.
    pub fn sync<S: Snapshot + ?Sized>(
        &mut self,
        source: &mut S,
        input: &str,
        config: &SyncConfig,
    ) -> Result<SyncReport> {
        let claimed = source.header().source.clone();
        self.check_source(&claimed, "sync a snapshot from")?;
        let stamp = self.stamp();
        self.forget_rules();
        // People erased after they left stay erased (see `erase_terminated_before`).
        let erased = self.erased_people()?;
        let source = &mut crate::subject::SkipErased::new(source, erased);
        let started = Instant::now();
        let started_at = now();
        let header = source.header().clone();
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO sync_runs (source, input, exported_at, started_at, outcome)
             VALUES (?1, ?2, ?3, ?4, 'running')",
            params![header.source, input, header.exported_at, started_at],
        )?;
        let run_id = tx.last_insert_rowid();
        let outcome = {
            let mut target = TxTarget {
                conn: &tx,
                ids: Ids::load(&tx)?,
                origin: Origin {
                    source: header.source.clone(),
                    run_id: Some(run_id),
                    entered_by: None,
                },
                role: config.role,
            };
            sync::run(source, &mut target, config)
        };
        let elapsed = i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX);
        let log = |conn: &Connection,
                   outcome: &str,
                   report: Option<&SyncReport>,
                   message: Option<String>| {
            stamp.write_via(
                conn,
                "sync",
                None,
                &sync_detail(&header.source, input, outcome, report),
                &stamp.sync_via(run_id),
            )?;
            log_run(
                conn,
                run_id,
                &header.source,
                input,
                &header.exported_at,
                &started_at,
                elapsed,
                outcome,
                report,
                message,
                source.digest(),
                config.role,
            )?;
            Ok::<(), Error>(())
        };
        match outcome {
            Ok(report) if !config.dry_run => {
                if let Some(w) = &report.watermark {
                    tx.execute(
                        "INSERT INTO source_watermarks (key, value, run_id, updated_at)
                         VALUES (?1, ?2, ?3, ?4)
                         ON CONFLICT (key) DO UPDATE SET value = excluded.value,
                           run_id = excluded.run_id, updated_at = excluded.updated_at",
                        params![w.key, w.value, run_id, now()],
                    )?;
                }
                log(&tx, "applied", Some(&report), None)?;
                tx.commit()?;
                Ok(report)
            }
            Ok(report) => {
                tx.rollback()?;
                log(&self.conn, "dry_run", Some(&report), None)?;
                Ok(report)
            }
            Err(SyncError::Refused { problems, n_more }) => {
                tx.rollback()?;
                let err = Error::Refused {
                    input: input.to_string(),
                    problems,
                    n_more,
                };
                let first = match &err {
                    Error::Refused { problems, .. } => {
                        problems.first().map(|p| format!("{err}; first: {p}"))
                    }
                    _ => None,
                };
                log(&self.conn, "refused", None, first)?;
                Err(err)
            }
            Err(SyncError::GuardTripped { limit, report }) => {
                tx.rollback()?;
                let err = Error::GuardTripped { limit, report };
                let report = match &err {
                    Error::GuardTripped { report, .. } => Some(report.as_ref()),
                    _ => None,
                };
                log(&self.conn, "guard_tripped", report, Some(err.to_string()))?;
                Err(err)
            }
            Err(SyncError::Store(e)) => {
                tx.rollback()?;
                log(&self.conn, "failed", None, Some(crate::error::chain(&e)))?;
                Err(e.into())
            }
            Err(other) => {
                tx.rollback()?;
                log(&self.conn, "failed", None, Some(other.to_string()))?;
                Err(Error::Corrupt(other.to_string()))
            }
        }
    }

    /// Logs a run that was refused before it could start (e.g. a file whose header is not a
    /// supported export), so that the run log shows every attempt.
    pub fn record_refused_run(
        &mut self,
        source: &str,
        role: SourceRole,
        input: &str,
        message: &str,
    ) -> Result<()> {
        self.record_unread_run(source, role, input, "refused", message)
    }

    /// Logs a run whose source could not be read for a reason that is not the input's fault (the
    /// service did not answer, a secret is missing): outcome `failed`.
    pub fn record_failed_run(
        &mut self,
        source: &str,
        role: SourceRole,
        input: &str,
        message: &str,
    ) -> Result<()> {
        self.record_unread_run(source, role, input, "failed", message)
    }

    fn record_unread_run(
        &mut self,
        source: &str,
        role: SourceRole,
        input: &str,
        outcome: &str,
        message: &str,
    ) -> Result<()> {
        self.check_source(source, "log a run of")?;
        let stamp = self.stamp();
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO sync_runs (source, input, started_at, outcome, message, role)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![source, input, now(), outcome, message, role.name()],
        )?;
        let run_id = tx.last_insert_rowid();
        stamp.write_via(
            &tx,
            "sync",
            None,
            &sync_detail(source, input, outcome, None),
            &stamp.sync_via(run_id),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The watermark an incremental source last recorded under `key` (see
    /// [`skillreg_core::Watermark`]): where its next sync resumes. `None` before its first sync.
    pub fn watermark(&self, key: &str) -> Result<Option<String>> {
        self.check_sync_job("read where a source's sync resumes")?;
        Ok(self
            .conn
            .query_row(
                "SELECT value FROM source_watermarks WHERE key = ?1",
                [key],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// The sync run log, newest first.
    pub fn runs(&self) -> Result<Vec<RunRecord>> {
        self.require_hr("read the sync run log")?;
        let mut stmt = self.conn.prepare(
            "SELECT id, source, input, digest, started_at, duration_ms, outcome, n_created,
                    n_updated, n_terminated, n_reactivated, n_evidence, message, role,
                    n_warnings, n_skipped
             FROM sync_runs ORDER BY id DESC",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(RunRecord {
                id: r.get(0)?,
                source: r.get(1)?,
                input: r.get(2)?,
                digest: r.get(3)?,
                started_at: r.get(4)?,
                duration_ms: r.get(5)?,
                outcome: r.get(6)?,
                counts: [r.get(7)?, r.get(8)?, r.get(9)?, r.get(10)?, r.get(11)?],
                message: r.get(12)?,
                role: r.get(13)?,
                n_warnings: r.get(14)?,
                n_skipped: r.get(15)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn person(&self, employee_no: &str) -> Result<i64> {
        sql::person_id(&self.conn, employee_no)?
            .ok_or_else(|| Error::UnknownEmployee(employee_no.to_string()))
    }

    /// Records an assessment entered in the registry. Returns false (and writes nothing) if the
    /// registry already holds exactly this assessment.
    pub fn record_assessment(
        &mut self,
        employee_no: &str,
        system: &str,
        level: Level,
        by: &Assessment,
        date: NaiveDate,
        entered_by: &str,
    ) -> Result<bool> {
        self.check_write(employee_no, date, Write::Assessment(by))?;
        let kind = match by {
            Assessment::SelfAssessment => EvidenceKind::SelfAssessment,
            Assessment::Manager(a) => EvidenceKind::ManagerAssessment {
                assessor: Some(a.clone()),
            },
        };
        let evidence = Evidence {
            system: system.to_string(),
            level,
            date,
            kind,
        };
        let action = match by {
            Assessment::SelfAssessment => "record self-assessment",
            Assessment::Manager(_) => "record manager assessment",
        };
        self.record(employee_no, evidence, entered_by, action)
    }

    /// Records a completed course (the level comes from the course). Returns false if already held.
    pub fn complete_course(
        &mut self,
        employee_no: &str,
        course: &str,
        date: NaiveDate,
        entered_by: &str,
    ) -> Result<bool> {
        self.check_write(employee_no, date, Write::Course)?;
        let catalog = self.catalog()?;
        let c = catalog
            .course(course)
            .ok_or_else(|| Error::UnknownCourse(course.to_string()))?;
        let evidence = Evidence {
            system: c.system.clone(),
            level: c.grants,
            date,
            kind: EvidenceKind::CourseResult {
                course: Some(c.code.clone()),
                expires: c.expiry(date),
            },
        };
        self.record(employee_no, evidence, entered_by, "record course result")
    }

    fn record(
        &mut self,
        employee_no: &str,
        evidence: Evidence,
        entered_by: &str,
        action: &str,
    ) -> Result<bool> {
        let stamp = self.stamp();
        let tx = self.conn.transaction()?;
        let person = sql::person_id(&tx, employee_no)?
            .ok_or_else(|| Error::UnknownEmployee(employee_no.to_string()))?;
        let ids = Ids::load(&tx)?;
        if !ids.systems.contains_key(&evidence.system) {
            return Err(Error::UnknownSystem(evidence.system));
        }
        let key = sync::evidence_key(&evidence);
        let detail = evidence_detail(&evidence);
        if sql::load_evidence(&tx, person)?
            .iter()
            .any(|e| sync::evidence_key(e) == key)
        {
            stamp.write(
                &tx,
                action,
                Some(employee_no),
                &format!("{detail} (already recorded)"),
            )?;
            tx.commit()?;
            return Ok(false);
        }
        let origin = Origin {
            source: REGISTRY_SOURCE.to_string(),
            run_id: None,
            entered_by: Some(entered_by.to_string()),
        };
        insert_evidence(&tx, &ids, person, std::slice::from_ref(&evidence), &origin)?;
        stamp.write(&tx, action, Some(employee_no), &detail)?;
        tx.commit()?;
        Ok(true)
    }

    /// Refers an employee to a course. If a referral to that course is already open, its due
    /// date is updated instead (or nothing changes).
    pub fn refer(
        &mut self,
        employee_no: &str,
        course: &str,
        created: NaiveDate,
        due: Option<NaiveDate>,
        referred_by: &str,
    ) -> Result<Referred> {
        self.check_write(employee_no, created, Write::Refer)?;
        let referred = self.refer_unlogged(employee_no, course, created, due, referred_by)?;
        let due_text = due.map(|d| format!(", due {d}")).unwrap_or_default();
        let what = match referred {
            Referred::Created => "referred",
            Referred::DueChanged => "due day changed",
            Referred::AlreadyOpen => "already open",
        };
        self.log(
            "refer",
            Some(employee_no),
            &format!("{course} on {created}{due_text} ({what})"),
        )?;
        Ok(referred)
    }

    fn refer_unlogged(
        &mut self,
        employee_no: &str,
        course: &str,
        created: NaiveDate,
        due: Option<NaiveDate>,
        referred_by: &str,
    ) -> Result<Referred> {
        let person = self.person(employee_no)?;
        let course_id = sql::code_id(&self.conn, "courses", course)?
            .ok_or_else(|| Error::UnknownCourse(course.to_string()))?;
        let evidence = sql::load_evidence(&self.conn, person)?;
        let referrals = sql::load_referrals(&self.conn, person)?;
        if let Some(open) = rules::open_referrals(&referrals, &evidence, created)
            .into_iter()
            .find(|r| r.course == course)
        {
            if open.due == due {
                return Ok(Referred::AlreadyOpen);
            }
            self.conn.execute(
                "UPDATE referrals SET due_day = ?4 WHERE person_id = ?1 AND course_id = ?2
                   AND created_day = ?3 AND cancelled_day IS NULL",
                params![person, course_id, to_day(open.created), due.map(to_day)],
            )?;
            return Ok(Referred::DueChanged);
        }
        self.conn.execute(
            "INSERT INTO referrals (person_id, course_id, created_day, due_day, referred_by)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                person,
                course_id,
                to_day(created),
                due.map(to_day),
                referred_by
            ],
        )?;
        Ok(Referred::Created)
    }

    /// Cancels the open referral of `employee_no` to `course` as of `day`.
    pub fn cancel_referral(
        &mut self,
        employee_no: &str,
        course: &str,
        day: NaiveDate,
    ) -> Result<()> {
        self.check_write(employee_no, day, Write::CancelReferral)?;
        let person = self.person(employee_no)?;
        let course_id = sql::code_id(&self.conn, "courses", course)?
            .ok_or_else(|| Error::UnknownCourse(course.to_string()))?;
        // Only an open referral: one already closed by a course result stays as it was.
        let n = self.conn.execute(
            "UPDATE referrals SET cancelled_day = ?3
             WHERE person_id = ?1 AND course_id = ?2 AND cancelled_day IS NULL
               AND created_day <= ?3
               AND NOT EXISTS (SELECT 1 FROM evidence e
                               WHERE e.person_id = referrals.person_id
                                 AND e.course_id = referrals.course_id
                                 AND e.day >= referrals.created_day AND e.day <= ?3)",
            params![person, course_id, to_day(day)],
        )?;
        if n == 0 {
            return Err(Error::NoOpenReferral {
                employee_no: employee_no.to_string(),
                course: course.to_string(),
            });
        }
        self.log(
            "cancel referral",
            Some(employee_no),
            &format!("{course} on {day}"),
        )?;
        Ok(())
    }

    /// One employee with every employment (who may: as for [`Registry::profile`], on today's
    /// employments).
    pub fn employee(&self, employee_no: &str) -> Result<Employee> {
        let log = self.check_read(employee_no, today())?;
        let employee = self.employee_unchecked(employee_no)?;
        if log {
            self.log("read employee", Some(employee_no), "")?;
        }
        Ok(employee)
    }

    /// One employee with every employment, unchecked and unlogged (for the registry's own
    /// modules, after their own check).
    pub(crate) fn employee_unchecked(&self, employee_no: &str) -> Result<Employee> {
        Ok(sql::load_employee(&self.conn, self.person(employee_no)?)?)
    }

    /// One employee's standing in every relevant system on `day`. HR, the employee, and their
    /// managers on `day` may read it; read by someone else, it is logged.
    pub fn profile(&self, employee_no: &str, day: NaiveDate) -> Result<Profile> {
        let log = self.check_read(employee_no, day)?;
        let profile = self.read_snapshot(|| self.profile_unchecked(employee_no, day))?;
        if log {
            self.log("read profile", Some(employee_no), &format!("as of {day}"))?;
        }
        Ok(profile)
    }

    fn profile_unchecked(&self, employee_no: &str, day: NaiveDate) -> Result<Profile> {
        let book = self.rules()?;
        let rules = &book.1;
        let id = self.person(employee_no)?;
        let (employee, evidence, referrals) = self.person_data(id)?;
        Ok(Profile {
            active: employee.is_active(day),
            systems: rules.standings(&employee, &evidence, &referrals, day),
            employee,
            as_of: day,
        })
    }

    fn person_data(
        &self,
        id: i64,
    ) -> Result<(Employee, Vec<Evidence>, Vec<skillreg_core::Referral>)> {
        Ok((
            sql::load_employee(&self.conn, id)?,
            sql::load_evidence(&self.conn, id)?,
            sql::load_referrals(&self.conn, id)?,
        ))
    }

    /// Every piece of evidence of one employee, oldest recorded first, with who brought it (who
    /// may: as for [`Registry::profile`], on today's employments).
    pub fn history(&self, employee_no: &str) -> Result<Vec<HistoryEntry>> {
        let log = self.check_read(employee_no, today())?;
        let id = self.person(employee_no)?;
        let history = self.history_of(id)?;
        if log {
            self.log(
                "read history",
                Some(employee_no),
                &format!("{} record(s)", history.len()),
            )?;
        }
        Ok(history)
    }

    fn history_of(&self, id: i64) -> Result<Vec<HistoryEntry>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT s.code, e.level, e.day, e.kind, e.assessor, c.code, c.valid_months,
                    e.id, e.source, e.run_id, e.entered_by
             FROM evidence e
             JOIN systems s ON s.id = e.system_id
             LEFT JOIN courses c ON c.id = e.course_id
             WHERE e.person_id = ?1 ORDER BY e.id",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok(HistoryEntry {
                evidence: sql::evidence_row(r)?,
                id: r.get(7)?,
                source: r.get(8)?,
                run_id: r.get(9)?,
                entered_by: r.get(10)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The people in `scope` who are active on `day`, sorted by employee number. The actor
    /// must be allowed the whole scope (see [`Registry::gaps`]).
    pub fn people(&self, scope: &Scope, day: NaiveDate) -> Result<Vec<String>> {
        self.check_scope(scope, day)?;
        self.people_unchecked(scope, day)
    }

    /// [`Registry::people`] without the check, for the registry's own modules.
    pub(crate) fn people_unchecked(&self, scope: &Scope, day: NaiveDate) -> Result<Vec<String>> {
        let d = to_day(day);
        let active = "e.start_day <= ?1 AND (e.end_day IS NULL OR e.end_day >= ?1)";
        let query = |sql: String, arg: &dyn rusqlite::ToSql| -> Result<BTreeSet<String>> {
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let rows = stmt.query_map(params![d, arg], |r| r.get(0))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        };
        let people: BTreeSet<String> = match scope {
            Scope::Employee(no) => {
                self.person(no)?;
                query(
                    format!(
                        "SELECT p.employee_no FROM persons p JOIN employments e ON e.person_id = p.id WHERE {active} AND p.employee_no = ?2"
                    ),
                    no,
                )?
            }
            Scope::Manager { manager, indirect } => {
                self.person(manager)?;
                let direct = format!(
                    "SELECT DISTINCT p.employee_no FROM employments e JOIN persons p ON p.id = e.person_id WHERE {active} AND e.manager_no = ?2"
                );
                let mut all = BTreeSet::new();
                let mut queue = vec![manager.clone()];
                let mut visited = BTreeSet::from([manager.clone()]);
                while let Some(m) = queue.pop() {
                    for report in query(direct.clone(), &m)? {
                        if *indirect && visited.insert(report.clone()) {
                            queue.push(report.clone());
                        }
                        if report != *manager {
                            all.insert(report);
                        }
                    }
                }
                all
            }
            Scope::Unit(unit) => {
                let catalog = self.catalog()?;
                if catalog.unit(unit).is_none() {
                    return Err(Error::UnknownUnit(unit.clone()));
                }
                let units = skillreg_core::OrgTree::new(&catalog.units).subtree(unit);
                let mut all = BTreeSet::new();
                for u in units {
                    all.extend(query(format!("SELECT p.employee_no FROM employments e JOIN persons p ON p.id = e.person_id JOIN org_units u ON u.id = e.unit_id WHERE {active} AND u.code = ?2"), &u)?);
                }
                all
            }
            Scope::Occupation(occupation) => {
                if sql::code_id(&self.conn, "occupations", occupation)?.is_none() {
                    return Err(Error::UnknownOccupation(occupation.clone()));
                }
                query(
                    format!(
                        "SELECT p.employee_no FROM employments e JOIN persons p ON p.id = e.person_id JOIN occupations o ON o.id = e.occupation_id WHERE {active} AND o.code = ?2"
                    ),
                    occupation,
                )?
            }
            Scope::All => query(
                format!(
                    "SELECT DISTINCT p.employee_no FROM employments e JOIN persons p ON p.id = e.person_id WHERE {active} AND ?2 IS NOT NULL"
                ),
                &1,
            )?,
        };
        Ok(people.into_iter().collect())
    }

    /// Every gap (rule 5) of the active people in `scope` on `day`, by employee then system.
    ///
    /// Who may: HR any scope; a manager their own record, a report's, and the reports of
    /// themself or of one of their reports (on `day`); an employee their own record. Anything
    /// else is [`Error::AccessDenied`]. A query beyond the actor's own record is logged, once,
    /// naming the scope and how many people it covered.
    pub fn gaps(&self, scope: &Scope, day: NaiveDate) -> Result<Vec<GapRow>> {
        let mut rows = Vec::new();
        self.gaps_logged(scope, day, |row| rows.push(row))?;
        rows.sort_by(|a, b| a.employee_no.cmp(&b.employee_no));
        Ok(rows)
    }

    /// Calls `f` with every gap of the active people in `scope` on `day`, without holding them
    /// all: for reports over a whole region. The order is that of
    /// [`Registry::for_each_standing`]; who may, as for [`Registry::gaps`].
    pub fn for_each_gap(&self, scope: &Scope, day: NaiveDate, f: impl FnMut(GapRow)) -> Result<()> {
        self.gaps_logged(scope, day, f)
    }

    fn gaps_logged(&self, scope: &Scope, day: NaiveDate, mut f: impl FnMut(GapRow)) -> Result<()> {
        self.standings_logged(scope, day, "read gaps", |employee, standings| {
            for s in standings {
                if s.gap > 0 {
                    f(GapRow {
                        employee_no: employee.employee_no.clone(),
                        name: employee.full_name(),
                        system: s.system,
                        target: s.target,
                        current: s.current,
                        current_source: s.current_source.name().to_string(),
                        gap: s.gap,
                        recommended_courses: s.recommended_courses,
                    });
                }
            }
        })
    }

    /// Calls `f` with each active person in `scope` on `day` and their standings. A small scope
    /// is read person by person, in employee-number order; everyone (or a large scope) in one
    /// pass over the tables, in registry order, in memory that does not grow with the registry.
    /// Who may, as for [`Registry::gaps`].
    pub fn for_each_standing(
        &self,
        scope: &Scope,
        day: NaiveDate,
        f: impl FnMut(&Employee, Vec<Standing>),
    ) -> Result<()> {
        self.standings_logged(scope, day, "read standings", f)
    }

    /// Checks `scope`, calls `f` for each person, and logs one row for the query.
    fn standings_logged(
        &self,
        scope: &Scope,
        day: NaiveDate,
        action: &str,
        mut f: impl FnMut(&Employee, Vec<Standing>),
    ) -> Result<()> {
        let log = self.check_scope(scope, day)?;
        let mut n_people = 0usize;
        self.read_snapshot(|| {
            self.for_each_standing_unchecked(scope, day, |employee, standings| {
                n_people += 1;
                f(employee, standings);
            })
        })?;
        if log {
            self.log_scope(action, scope, day, n_people)?;
        }
        Ok(())
    }

    /// One audit row for a query over `scope`.
    pub(crate) fn log_scope(
        &self,
        action: &str,
        scope: &Scope,
        day: NaiveDate,
        n_people: usize,
    ) -> Result<()> {
        let employee_no = match scope {
            Scope::Employee(no) => Some(no.as_str()),
            _ => None,
        };
        self.log(
            action,
            employee_no,
            &format!("{} as of {day}: {n_people} people", scope_text(scope)),
        )
    }

    /// [`Registry::for_each_standing`] without the check or the log, for the registry's own
    /// modules.
    pub(crate) fn for_each_standing_unchecked(
        &self,
        scope: &Scope,
        day: NaiveDate,
        mut f: impl FnMut(&Employee, Vec<Standing>),
    ) -> Result<()> {
        let book = self.rules()?;
        let rules = &book.1;
        let people = match scope {
            Scope::All => None,
            _ => Some(self.people_unchecked(scope, day)?),
        };
        match people {
            Some(people) if people.len() <= 1000 => {
                for no in people {
                    let (employee, evidence, referrals) = self.person_data(self.person(&no)?)?;
                    let standings = rules.standings(&employee, &evidence, &referrals, day);
                    f(&employee, standings);
                }
            }
            people => {
                let wanted: Option<std::collections::HashSet<String>> =
                    people.map(|p| p.into_iter().collect());
                scan::for_each_person(&self.conn, |employee, evidence, referrals| {
                    let in_scope = match &wanted {
                        Some(w) => w.contains(&employee.employee_no),
                        None => employee.is_active(day),
                    };
                    if in_scope {
                        f(
                            employee,
                            rules.standings(employee, evidence, referrals, day),
                        );
                    }
                    Ok(())
                })?;
            }
        }
        Ok(())
    }

    /// Profiles of the active people in `scope` on `day` (a team overview). Who may, as for
    /// [`Registry::gaps`]; logged once, naming the scope.
    pub fn team(&self, scope: &Scope, day: NaiveDate) -> Result<Vec<Profile>> {
        let log = self.check_scope(scope, day)?;
        let team = self.read_snapshot(|| {
            self.people_unchecked(scope, day)?
                .into_iter()
                .map(|no| self.profile_unchecked(&no, day))
                .collect::<Result<Vec<_>>>()
        })?;
        if log {
            self.log_scope("read team", scope, day, team.len())?;
        }
        Ok(team)
    }

    /// The appraisal brief of one employee.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use skillreg_core::{Catalog, Level, Requirement, SourceCatalog, System, Occupation};
    /// use skillreg_store::{Actor, BriefConfig, Registry};
    ///
    /// let mut registry = Registry::open_in_memory(Actor::Hr)?;
    /// let catalog = Catalog {
    ///     systems: vec![System { code: "O365".into(), name: "Microsoft 365".into(), vendor: None,
    ///                            level_descriptions: Default::default() }],
    ///     occupations: vec![Occupation { code: "USK".into(), name: "Undersköterska".into() }],
    ///     requirements: vec![Requirement { occupation: "USK".into(), system: "O365".into(),
    ///                                      level: Level::Independent, unit: None }],
    ///     ..Catalog::default()
    /// };
    /// registry.apply_catalog(&SourceCatalog { catalog, ..Default::default() }, "example")?;
    /// # let day = NaiveDate::from_ymd_opt(2026, 11, 20).ok_or("date")?;
    /// // People arrive by sync (see `Registry::sync`); an unknown employee is an error:
    /// assert!(registry.brief("10023", &BriefConfig::new(day)).is_err());
    /// Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn brief(&self, employee_no: &str, config: &BriefConfig) -> Result<Brief> {
        let log = self.check_read(employee_no, config.as_of)?;
        let brief = self.read_snapshot(|| self.brief_unchecked(employee_no, config))?;
        if log {
            self.log(
                "read brief",
                Some(employee_no),
                &format!("as of {}", config.as_of),
            )?;
        }
        Ok(brief)
    }

    fn brief_unchecked(&self, employee_no: &str, config: &BriefConfig) -> Result<Brief> {
        let book = self.rules()?;
        let (catalog, rules) = (&book.0, &book.1);
        let day = config.as_of;
        let since = config
            .since
            .unwrap_or_else(|| day.checked_sub_days(Days::new(365)).unwrap_or(day));
        let id = self.person(employee_no)?;
        let (employee, evidence, referrals) = self.person_data(id)?;
        let standings = rules.standings(&employee, &evidence, &referrals, day);
        let before = rules.standings(&employee, &evidence, &referrals, since);
        let courses: HashMap<&str, _> = catalog
            .courses
            .iter()
            .map(|c| (c.code.as_str(), c))
            .collect();
        let open_referrals = rules::open_referrals(&referrals, &evidence, day)
            .into_iter()
            .filter_map(|r| {
                let c = courses.get(r.course.as_str())?;
                Some(OpenReferral {
                    course: r.course.clone(),
                    system: c.system.clone(),
                    grants: c.grants,
                    created: r.created,
                    due: r.due,
                    overdue: r.due.is_some_and(|d| d < day),
                })
            })
            .collect();
        let primary = employee.primary_employment(day);
        let manager = primary.and_then(|e| e.manager.clone());
        let manager_name = match &manager {
            Some(no) => match self.employee_unchecked(no) {
                Ok(manager) => Some(manager.full_name()),
                Err(Error::UnknownEmployee(_)) => None,
                Err(e) => return Err(e),
            },
            None => None,
        };
        let mut roles: Vec<Employment> = employee
            .employments
            .iter()
            .filter(|e| e.is_active(day))
            .cloned()
            .collect();
        roles.sort_by_key(|e| !e.primary);
        let systems = standings
            .into_iter()
            .map(|standing| {
                let system = catalog.system(&standing.system);
                BriefSystem {
                    name: system.map_or_else(|| standing.system.clone(), |s| s.name.clone()),
                    target_description: standing
                        .target
                        .and_then(|t| system.and_then(|s| s.description(t)).map(str::to_string)),
                    standing,
                }
            })
            .collect::<Vec<_>>();
        let now: Vec<Standing> = systems.iter().map(|s| s.standing.clone()).collect();
        Ok(Brief {
            employee_no: employee.employee_no.clone(),
            name: employee.full_name(),
            as_of: day,
            since,
            active: employee.is_active(day),
            unit: primary.map(|e| e.unit.clone()),
            occupation: primary.map(|e| e.occupation.clone()),
            manager,
            manager_name,
            roles,
            changes: rules::changes(&before, &now),
            systems,
            open_referrals,
            expiring: rules::expiring(&evidence, day, config.expiring_days),
            expiring_days: config.expiring_days,
            new_evidence: self
                .history_of(id)?
                .into_iter()
                .filter(|h| h.evidence.date > since && h.evidence.date <= day)
                .collect(),
        })
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
        let tx = self.conn.transaction()?;
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
    pub(crate) fn transaction(&mut self) -> Result<rusqlite::Transaction<'_>> {
        self.forget_rules();
        Ok(self.conn.transaction()?)
    }
}

#[allow(clippy::too_many_arguments)]
fn log_run(
    conn: &Connection,
    run_id: i64,
    source: &str,
    input: &str,
    exported_at: &str,
    started_at: &str,
    duration_ms: i64,
    outcome: &str,
    report: Option<&SyncReport>,
    message: Option<String>,
    digest: Option<String>,
    role: SourceRole,
) -> rusqlite::Result<()> {
    let c = |f: fn(&SyncReport) -> usize| report.map_or(0, |r| f(r) as i64);
    conn.execute(
        "INSERT INTO sync_runs (id, source, input, digest, exported_at, started_at, duration_ms, outcome,
                               n_seen, n_created, n_updated, n_terminated, n_reactivated, n_evidence, message,
                               role, n_warnings, n_skipped)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)
         ON CONFLICT (id) DO UPDATE SET digest = excluded.digest, duration_ms = excluded.duration_ms,
           outcome = excluded.outcome, n_seen = excluded.n_seen, n_created = excluded.n_created,
           n_updated = excluded.n_updated, n_terminated = excluded.n_terminated,
           n_reactivated = excluded.n_reactivated, n_evidence = excluded.n_evidence,
           message = excluded.message, role = excluded.role, n_warnings = excluded.n_warnings,
           n_skipped = excluded.n_skipped",
        params![
            run_id,
            source,
            input,
            digest,
            exported_at,
            started_at,
            duration_ms,
            outcome,
            c(|r| r.n_seen),
            c(|r| r.n_created),
            c(|r| r.n_updated),
            c(|r| r.n_terminated),
            c(|r| r.n_reactivated),
            c(|r| r.n_evidence),
            message,
            role.name(),
            c(|r| r.n_warnings),
            c(|r| r.n_skipped),
        ],
    )?;
    Ok(())
}

/// Today (UTC): the day on which reads without a day of their own (history, employee) check who
/// manages whom.
fn today() -> NaiveDate {
    Utc::now().date_naive()
}

/// A scope in words, for the audit trail.
fn scope_text(scope: &Scope) -> String {
    match scope {
        Scope::Employee(no) => format!("employee {no}"),
        Scope::Manager {
            manager,
            indirect: false,
        } => format!("direct reports of {manager}"),
        Scope::Manager {
            manager,
            indirect: true,
        } => format!("all reports of {manager}"),
        Scope::Unit(unit) => format!("unit {unit}"),
        Scope::Occupation(occupation) => format!("occupation {occupation}"),
        Scope::All => "everyone".to_string(),
    }
}

/// One piece of evidence in words, for the audit trail.
fn evidence_detail(evidence: &Evidence) -> String {
    let by = match &evidence.kind {
        EvidenceKind::SelfAssessment => String::new(),
        EvidenceKind::ManagerAssessment { assessor } => assessor
            .as_ref()
            .map(|a| format!(" by {a}"))
            .unwrap_or_default(),
        EvidenceKind::CourseResult { course, .. } => course
            .as_ref()
            .map(|c| format!(" ({c})"))
            .unwrap_or_default(),
    };
    format!(
        "{} level {}{by} on {}",
        evidence.system,
        evidence.level.number(),
        evidence.date
    )
}

/// A sync's row in the audit trail: source, input, outcome and counts.
fn sync_detail(source: &str, input: &str, outcome: &str, report: Option<&SyncReport>) -> String {
    let counts = report.map_or_else(String::new, |r| {
        format!(
            ": {} created, {} updated, {} terminated, {} reactivated, {} evidence",
            r.n_created, r.n_updated, r.n_terminated, r.n_reactivated, r.n_evidence
        )
    });
    format!("{source} {input} {outcome}{counts}")
}

/// A run's counts in JSON: an object naming each (`created`, `updated`, `terminated`,
/// `reactivated`, `evidence`), the names the nightly summary uses, not a bare array.
mod named_counts {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[derive(Serialize, Deserialize)]
    struct Named {
        created: i64,
        updated: i64,
        terminated: i64,
        reactivated: i64,
        evidence: i64,
    }

    pub fn serialize<S: Serializer>(counts: &[i64; 5], s: S) -> Result<S::Ok, S::Error> {
        let [created, updated, terminated, reactivated, evidence] = *counts;
        Named {
            created,
            updated,
            terminated,
            reactivated,
            evidence,
        }
        .serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<[i64; 5], D::Error> {
        let n = Named::deserialize(d)?;
        Ok([
            n.created,
            n.updated,
            n.terminated,
            n.reactivated,
            n.evidence,
        ])
    }
}
