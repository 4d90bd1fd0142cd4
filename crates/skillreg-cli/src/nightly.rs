//! The nightly job: the sources a profile lists, in order, each in its own transaction, under
//! one lock so that two runs cannot overlap.
//!
//! A profile is a TOML file of `[[step]]`s. Exactly one step owns people and employments
//! (`people = true`: PAXml, CSV, SCIM or WLX); the others add catalog and evidence only, and a
//! person they name who is not in the registry is reported, not created. Secrets (tokens,
//! passwords) are never in the profile: it names the environment variables that hold them.
//! Relative paths are taken from the profile's folder.
//!
//! ```toml
//! name = "Exempel kommun, nightly"
//!
//! [[step]]                  # people and employments from payroll
//! kind = "paxml"
//! file = "/srv/hr/personal.pax"
//! mapping = "paxml-mapping.toml"
//! people = true
//! max_terminations = "5%"
//!
//! [[step]]                  # competences from the competence system
//! kind = "wlx"
//! file = "/srv/winlas/export.xml"
//!
//! [[step]]                  # finished e-learning
//! kind = "xapi"
//! url = "https://lrs.example.se/xAPI"
//! mapping = "xapi-mapping.toml"
//! user_env = "SKILLREG_LRS_USER"
//! password_env = "SKILLREG_LRS_PASSWORD"
//!
//! [[step]]                  # what the registry learned, back to the competence system
//! kind = "export-wlx"
//! file = "/srv/winlas/import/skillreg-return.xml"
//! ```
//!
//! When a step is refused, fails or trips the termination guard, the remaining steps are
//! skipped (a later step may depend on it: evidence for people who were not created) and the
//! summary says so.
//!
//! A dry run plans every step against the registry as it is, writing nothing: a later step does
//! not see what an earlier one would have written, so an evidence step may warn about people the
//! people step would create that night.

use std::fs::{File, TryLockError};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{NaiveDate, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use skillreg_core::sync::{SourceRole, SyncConfig, SyncReport, TerminationLimit};
use skillreg_http::{Auth, HttpConfig, Secret};
use skillreg_store::{Actor, Registry};

use crate::jobs::{self, JobError};
use crate::sources::{Source, sync_source};

/// A nightly profile, as read from its TOML file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// A name for the summary and logs.
    #[serde(default)]
    pub name: Option<String>,
    /// The steps, in order.
    #[serde(rename = "step", default)]
    pub steps: Vec<Step>,
    /// The folder relative paths are taken from (the profile file's).
    #[serde(skip)]
    pub base_dir: PathBuf,
}

/// One step of a profile.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Step {
    /// Sync a PAXml personnel register.
    Paxml(PaxmlStep),
    /// Sync an HR CSV export.
    Csv(CsvStep),
    /// Sync a WLX competence export.
    Wlx(WlxStep),
    /// Sync a SCIM 2.0 service provider's Users.
    Scim(ScimStep),
    /// Sync course completions from an xAPI learning record store (evidence only).
    Xapi(XapiStep),
    /// Write the WLX return file.
    ExportWlx(ExportStep),
    /// Retention: erase the personal data of people who left more than `keep_days` ago
    /// ([`Registry::erase_terminated_before`]).
    Erase(EraseStep),
}

/// A PAXml step.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaxmlStep {
    /// Label (default `paxml`).
    pub name: Option<String>,
    /// The PAXml file.
    pub file: PathBuf,
    /// Its mapping file.
    pub mapping: PathBuf,
    /// This step owns people and employments.
    #[serde(default)]
    pub people: bool,
    /// Skip people with unmapped codes instead of refusing the file.
    #[serde(default)]
    pub allow_unmapped: bool,
    /// The termination guard (people step only): `25` or `"10%"`.
    pub max_terminations: Option<Limit>,
}

/// An HR CSV step.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CsvStep {
    /// Label (default `csv`).
    pub name: Option<String>,
    /// The CSV file.
    pub file: PathBuf,
    /// Its column mapping.
    pub mapping: PathBuf,
    /// This step owns people and employments.
    #[serde(default)]
    pub people: bool,
    /// The termination guard (people step only).
    pub max_terminations: Option<Limit>,
}

/// A WLX step.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WlxStep {
    /// Label (default `wlx`).
    pub name: Option<String>,
    /// The export file.
    pub file: PathBuf,
    /// This step owns people and employments.
    #[serde(default)]
    pub people: bool,
    /// The termination guard (people step only).
    pub max_terminations: Option<Limit>,
}

/// A SCIM step.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScimStep {
    /// Label (default `scim`).
    pub name: Option<String>,
    /// The service provider's base URL (e.g. `https://idp.example.se/scim/v2`).
    pub url: String,
    /// Its mapping file (departments and titles to units and occupations).
    pub mapping: Option<PathBuf>,
    /// The environment variable holding the bearer token.
    pub token_env: Option<String>,
    /// This step owns people and employments.
    #[serde(default)]
    pub people: bool,
    /// The termination guard (people step only).
    pub max_terminations: Option<Limit>,
}

/// An xAPI step.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct XapiStep {
    /// Label (default `xapi`).
    pub name: Option<String>,
    /// The LRS endpoint (e.g. `https://lrs.example.se/xAPI`).
    pub url: String,
    /// Its mapping file (activities to courses, actors to employee numbers).
    pub mapping: PathBuf,
    /// The environment variable holding the Basic-auth user.
    pub user_env: Option<String>,
    /// The environment variable holding the Basic-auth password.
    pub password_env: Option<String>,
}

/// A WLX return-file step.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportStep {
    /// Label (default `export-wlx`).
    pub name: Option<String>,
    /// Where to write the return file.
    pub file: PathBuf,
}

/// A retention step.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EraseStep {
    /// Label (default `erase`).
    pub name: Option<String>,
    /// Erase everyone whose every employment ended more than this many days before the run.
    pub keep_days: u32,
}

/// A termination limit in a profile: a number of people or a percentage string.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Limit {
    /// At most this many people.
    Count(u64),
    /// `"10%"` or `"25"`.
    Text(String),
}

impl Limit {
    fn parse(&self) -> Result<TerminationLimit, String> {
        match self {
            Limit::Count(n) => Ok(TerminationLimit::Count(*n as usize)),
            Limit::Text(s) => s.parse(),
        }
    }
}

impl Step {
    /// The step's label: its `name`, else its kind.
    pub fn name(&self) -> String {
        let (name, kind) = match self {
            Step::Paxml(s) => (&s.name, "paxml"),
            Step::Csv(s) => (&s.name, "csv"),
            Step::Wlx(s) => (&s.name, "wlx"),
            Step::Scim(s) => (&s.name, "scim"),
            Step::Xapi(s) => (&s.name, "xapi"),
            Step::ExportWlx(s) => (&s.name, "export-wlx"),
            Step::Erase(s) => (&s.name, "erase"),
        };
        name.clone().unwrap_or_else(|| kind.to_string())
    }

    /// The step's kind as written in the profile.
    pub fn kind(&self) -> &'static str {
        match self {
            Step::Paxml(_) => "paxml",
            Step::Csv(_) => "csv",
            Step::Wlx(_) => "wlx",
            Step::Scim(_) => "scim",
            Step::Xapi(_) => "xapi",
            Step::ExportWlx(_) => "export-wlx",
            Step::Erase(_) => "erase",
        }
    }

    fn owns_people(&self) -> bool {
        match self {
            Step::Paxml(s) => s.people,
            Step::Csv(s) => s.people,
            Step::Wlx(s) => s.people,
            Step::Scim(s) => s.people,
            Step::Xapi(_) | Step::ExportWlx(_) | Step::Erase(_) => false,
        }
    }

    fn max_terminations(&self) -> Option<&Limit> {
        match self {
            Step::Paxml(s) => s.max_terminations.as_ref(),
            Step::Csv(s) => s.max_terminations.as_ref(),
            Step::Wlx(s) => s.max_terminations.as_ref(),
            Step::Scim(s) => s.max_terminations.as_ref(),
            Step::Xapi(_) | Step::ExportWlx(_) | Step::Erase(_) => None,
        }
    }
}

/// Why a profile could not run at all (a step's failure is in the [`Summary`] instead).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum NightlyError {
    /// The profile cannot be read or is not valid.
    #[error("profile {file}: {message}")]
    Profile {
        /// The profile file.
        file: String,
        /// What is wrong.
        message: String,
    },
    /// Another run held the lock for longer than this run would wait.
    #[error(
        "another sync run is in progress (it holds the lock {lock}) and did not finish within the lock timeout of {} s; this run did nothing. The lock is released as soon as the other run ends, even if it crashed: no file needs to be removed",
        timeout.as_secs_f64()
    )]
    Locked {
        /// The lock file.
        lock: String,
        /// How long this run waited for it.
        timeout: Duration,
    },
    /// The lock file cannot be created.
    #[error("cannot create the lock file {lock}")]
    LockFile {
        /// The lock file.
        lock: String,
        /// Cause.
        #[source]
        source: std::io::Error,
    },
    /// The registry cannot be opened.
    #[error(transparent)]
    Registry(#[from] skillreg_store::Error),
}

impl Profile {
    /// Reads and checks a profile file.
    pub fn from_file(path: &Path) -> Result<Profile, NightlyError> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| NightlyError::Profile {
            file: file.clone(),
            message: format!("cannot read it: {e}"),
        })?;
        let base_dir = path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        Profile::parse(&text, &file, base_dir)
    }

    /// Parses and checks a profile; `file` names it in errors, relative paths are taken from
    /// `base_dir`.
    pub fn parse(text: &str, file: &str, base_dir: PathBuf) -> Result<Profile, NightlyError> {
        let err = |message: String| NightlyError::Profile {
            file: file.to_string(),
            message,
        };
        let mut profile: Profile = toml::from_str(text).map_err(|e| err(e.to_string()))?;
        profile.base_dir = base_dir;
        if profile.steps.is_empty() {
            return Err(err("it lists no [[step]]".into()));
        }
        let owners: Vec<String> = profile
            .steps
            .iter()
            .filter(|s| s.owns_people())
            .map(Step::name)
            .collect();
        match owners.len() {
            1 => {}
            0 => {
                return Err(err(
                    "no step owns people: mark exactly one paxml, csv, scim or wlx step with `people = true`".into(),
                ));
            }
            _ => {
                return Err(err(format!(
                    "{} steps own people ({}): exactly one may have `people = true`",
                    owners.len(),
                    owners.join(", ")
                )));
            }
        }
        for step in &profile.steps {
            if let Some(limit) = step.max_terminations() {
                if !step.owns_people() {
                    return Err(err(format!(
                        "step {}: max_terminations applies only to the step that owns people",
                        step.name()
                    )));
                }
                limit
                    .parse()
                    .map_err(|e| err(format!("step {}: max_terminations: {e}", step.name())))?;
            }
        }
        Ok(profile)
    }

    fn path(&self, p: &Path) -> PathBuf {
        if p.is_absolute() {
            p.to_path_buf()
        } else {
            self.base_dir.join(p)
        }
    }
}

/// How to run a profile.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RunOptions {
    /// Plan every step, write nothing.
    pub dry_run: bool,
    /// Overrides the people step's termination guard.
    pub max_terminations: Option<TerminationLimit>,
    /// The day sources without an export date describe (CSV, SCIM).
    pub as_of: NaiveDate,
    /// How long to wait for another run to release the registry's run lock before giving up
    /// ([`RunLock::acquire_within`]); zero fails at once.
    pub lock_timeout: Duration,
}

/// How a step or a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Applied (or, for an export, written).
    Applied,
    /// Planned only.
    DryRun,
    /// An export with nothing to send: no file written.
    NothingToExport,
    /// The input was refused; nothing written.
    Refused,
    /// The termination guard tripped; nothing written.
    GuardTripped,
    /// Another failure (network, disk, database).
    Failed,
    /// Not run, because an earlier step did not go through.
    Skipped,
}

impl Outcome {
    /// A short label for people: `applied`, `dry run`, `nothing to export` ...
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Applied => "applied",
            Outcome::DryRun => "dry run",
            Outcome::NothingToExport => "nothing to export",
            Outcome::Refused => "refused",
            Outcome::GuardTripped => "termination guard tripped",
            Outcome::Failed => "failed",
            Outcome::Skipped => "skipped",
        }
    }

    fn went_through(self) -> bool {
        matches!(
            self,
            Outcome::Applied | Outcome::DryRun | Outcome::NothingToExport
        )
    }
}

/// Counts of one sync step.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepCounts {
    /// People in the source.
    pub seen: usize,
    /// Created.
    pub created: usize,
    /// Updated.
    pub updated: usize,
    /// Reactivated.
    pub reactivated: usize,
    /// Terminated.
    pub terminated: usize,
    /// Unchanged.
    pub unchanged: usize,
    /// Named but left alone (not in the registry, or skipped by the adapter).
    pub skipped: usize,
    /// Evidence records added.
    pub evidence: usize,
    /// Catalog changes.
    pub catalog: usize,
    /// Records written to a return file.
    pub exported: usize,
    /// People whose personal data was erased (retention).
    #[serde(default)]
    pub erased: u64,
}

/// What one step did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepSummary {
    /// The step's label.
    pub name: String,
    /// Its kind (`paxml`, `wlx`, `export-wlx` ...).
    pub kind: String,
    /// `people`, `evidence` or `export`.
    pub role: String,
    /// How it ended.
    pub outcome: Outcome,
    /// Wall time.
    pub duration_ms: u64,
    /// Counts.
    pub counts: StepCounts,
    /// Warnings in all.
    pub n_warnings: usize,
    /// Warnings, as text (at most 100).
    pub warnings: Vec<String>,
    /// Why it did not go through.
    pub error: Option<String>,
    /// The problems that refused the input, as text (at most 100).
    pub problems: Vec<String>,
    /// For a tripped guard: who would have been terminated.
    pub would_terminate: Vec<String>,
}

/// What a whole run did: the JSON summary for monitoring.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// The profile's name.
    pub profile: String,
    /// When the run started (UTC, RFC 3339).
    pub started_at: String,
    /// Wall time.
    pub duration_ms: u64,
    /// Planned only.
    pub dry_run: bool,
    /// `applied` when every step went through, else the outcome of the step that stopped it.
    pub outcome: Outcome,
    /// The steps, in order, skipped ones included.
    pub steps: Vec<StepSummary>,
}

impl Summary {
    /// The process exit code: 0 when every step went through, 3 when the termination guard
    /// tripped, 1 otherwise.
    pub fn exit_code(&self) -> u8 {
        match self.outcome {
            Outcome::GuardTripped => 3,
            o if o.went_through() => 0,
            _ => 1,
        }
    }
}

/// Progress of a run, for a display (a progress bar on a terminal).
pub trait Progress {
    /// Step `index` (0-based) of `total` starts.
    fn step_started(&mut self, index: usize, total: usize, name: &str);
    /// `n` people read so far in the current step.
    fn people_read(&mut self, n: u64);
    /// The current step ended.
    fn step_finished(&mut self, summary: &StepSummary);
}

/// A [`Progress`] that shows nothing (for logs and embedding).
pub struct NoProgress;

impl Progress for NoProgress {
    fn step_started(&mut self, _: usize, _: usize, _: &str) {}
    fn people_read(&mut self, _: u64) {}
    fn step_finished(&mut self, _: &StepSummary) {}
}

/// The lock file of the registry at `db`: `<db>.lock`.
pub fn lock_path(db: &Path) -> PathBuf {
    // The same registry named two ways (`./skillreg.db`, `/srv/skillreg.db`) has one lock.
    let db = match (db.parent(), db.file_name()) {
        (Some(dir), Some(file)) => {
            let dir = if dir.as_os_str().is_empty() {
                Path::new(".")
            } else {
                dir
            };
            dir.canonicalize()
                .map(|d| d.join(file))
                .unwrap_or_else(|_| db.to_path_buf())
        }
        _ => db.to_path_buf(),
    };
    let mut name = db.into_os_string();
    name.push(".lock");
    PathBuf::from(name)
}

/// Holds the run lock of a registry while alive (released on drop or when the process dies).
///
/// The lock is an advisory lock on `<db>.lock` ([`lock_path`]), held through an open file: the
/// operating system releases it when the holder exits, however it exits, so a crashed run never
/// leaves a stale lock behind.
#[derive(Debug)]
pub struct RunLock {
    _file: File,
}

/// How often a waiting run tries the lock again.
const LOCK_POLL: Duration = Duration::from_millis(50);

/// How long the command line waits for the run lock by default (`--lock-timeout`).
pub const DEFAULT_LOCK_TIMEOUT: Duration = Duration::from_secs(30);

impl RunLock {
    /// Takes the lock of the registry at `db`, or fails at once if another run holds it.
    pub fn acquire(db: &Path) -> Result<RunLock, NightlyError> {
        RunLock::acquire_within(db, Duration::ZERO)
    }

    /// Takes the lock of the registry at `db`, waiting up to `timeout` for another run to
    /// release it (trying again every 50 ms); fails with [`NightlyError::Locked`] if it is still
    /// held then. A zero `timeout` fails at once.
    ///
    /// ```no_run
    /// use std::time::Duration;
    /// use skillreg_cli::nightly::RunLock;
    ///
    /// let _lock = RunLock::acquire_within("skillreg.db".as_ref(), Duration::from_secs(30))?;
    /// // ... sync; the lock is released when `_lock` is dropped.
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn acquire_within(db: &Path, timeout: Duration) -> Result<RunLock, NightlyError> {
        let lock = lock_path(db);
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock)
            .map_err(|source| NightlyError::LockFile {
                lock: lock.display().to_string(),
                source,
            })?;
        let deadline = Instant::now().checked_add(timeout);
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(RunLock { _file: file }),
                Err(TryLockError::WouldBlock) => {}
                Err(TryLockError::Error(source)) => {
                    return Err(NightlyError::LockFile {
                        lock: lock.display().to_string(),
                        source,
                    });
                }
            }
            // A timeout too large to add to the clock waits for ever.
            match deadline.map(|d| d.saturating_duration_since(Instant::now())) {
                Some(left) if left.is_zero() => {
                    return Err(NightlyError::Locked {
                        lock: lock.display().to_string(),
                        timeout,
                    });
                }
                Some(left) => std::thread::sleep(left.min(LOCK_POLL)),
                None => std::thread::sleep(LOCK_POLL),
            }
        }
    }
}

/// Runs `profile` against the registry at `db` (created if missing): takes the run lock (waiting
/// up to `options.lock_timeout` for another run to finish), then runs each step in its own transaction, stopping at the first that does not go through.
///
/// Only HR (`actor`, the local administrator who schedules the job) may run it. Each step then
/// acts as narrowly as it can: a source's step as that source's sync job (`sync:wlx` ...), so
/// that a file claiming to come from another source is refused; the return file as `sync:wlx`;
/// the retention step as HR. The audit trail names the profile and the step.
///
/// ```no_run
/// use skillreg_cli::nightly::{NoProgress, Profile, RunOptions, run_profile};
///
/// let profile = Profile::from_file("/etc/skillreg/nightly.toml".as_ref())?;
/// let options = RunOptions {
///     dry_run: false,
///     max_terminations: None,
///     as_of: chrono::Local::now().date_naive(),
///     lock_timeout: std::time::Duration::from_secs(30),
/// };
/// let actor = skillreg_store::Actor::Hr;
/// let summary = run_profile("skillreg.db".as_ref(), &actor, &profile, &options, &mut NoProgress)?;
/// println!("{}", serde_json::to_string_pretty(&summary)?);
/// std::process::exit(summary.exit_code().into());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn run_profile(
    db: &Path,
    actor: &Actor,
    profile: &Profile,
    options: &RunOptions,
    progress: &mut dyn Progress,
) -> Result<Summary, NightlyError> {
    if !actor.is_hr() {
        return Err(NightlyError::Registry(
            skillreg_store::Error::AccessDenied {
                actor: actor.clone(),
                action: "run the nightly job".to_string(),
                subject: String::new(),
                who_may: "HR".to_string(),
            },
        ));
    }
    let _lock = RunLock::acquire_within(db, options.lock_timeout)?;
    let mut registry = Registry::open(db, Actor::Hr)?;
    let profile_name = profile
        .name
        .clone()
        .unwrap_or_else(|| "nightly".to_string());
    let started = Instant::now();
    let started_at = Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true);
    let total = profile.steps.len();
    tracing::info!(
        profile = %profile_name,
        steps = total,
        dry_run = options.dry_run,
        "sync run started"
    );
    let mut steps = Vec::with_capacity(total);
    let mut stopped: Option<Outcome> = None;
    for (index, step) in profile.steps.iter().enumerate() {
        let summary = if let Some(outcome) = stopped {
            tracing::info!(
                profile = %profile_name,
                step = index + 1,
                name = %step.name(),
                kind = step.kind(),
                outcome = Outcome::Skipped.label(),
                "step skipped"
            );
            StepSummary {
                error: Some(format!(
                    "skipped: an earlier step ended {}",
                    outcome_text(outcome)
                )),
                ..empty_summary(step, Outcome::Skipped)
            }
        } else {
            tracing::info!(
                profile = %profile_name,
                step = index + 1,
                of = total,
                name = %step.name(),
                kind = step.kind(),
                "step started"
            );
            progress.step_started(index, total, &step.name());
            registry = registry.with_actor(step_actor(step));
            registry.set_via(&format!(
                "sync run {profile_name}, step {} ({})",
                index + 1,
                step.name()
            ));
            let summary = run_step(&mut registry, profile, step, options, progress);
            log_step_finished(&profile_name, index, &summary);
            progress.step_finished(&summary);
            if !summary.outcome.went_through() {
                stopped = Some(summary.outcome);
            }
            summary
        };
        steps.push(summary);
    }
    let summary = Summary {
        profile: profile.name.clone().unwrap_or_default(),
        started_at,
        duration_ms: millis(started),
        dry_run: options.dry_run,
        outcome: stopped.unwrap_or(if options.dry_run {
            Outcome::DryRun
        } else {
            Outcome::Applied
        }),
        steps,
    };
    tracing::info!(
        profile = %profile_name,
        outcome = summary.outcome.label(),
        duration_ms = summary.duration_ms,
        "sync run finished"
    );
    Ok(summary)
}

/// Logs how a step ended, with its counts; a step that did not go through with its error.
fn log_step_finished(profile: &str, index: usize, s: &StepSummary) {
    let c = &s.counts;
    tracing::info!(
        profile,
        step = index + 1,
        name = %s.name,
        kind = %s.kind,
        outcome = s.outcome.label(),
        seen = c.seen,
        created = c.created,
        updated = c.updated,
        reactivated = c.reactivated,
        terminated = c.terminated,
        unchanged = c.unchanged,
        skipped = c.skipped,
        evidence = c.evidence,
        catalog = c.catalog,
        exported = c.exported,
        erased = c.erased,
        warnings = s.n_warnings,
        problems = s.problems.len(),
        would_terminate = s.would_terminate.len(),
        duration_ms = s.duration_ms,
        error = s.error.as_deref(),
        "step finished"
    );
}

/// Who a step acts as: a source's sync job for its source and for the return file, HR for
/// retention.
fn step_actor(step: &Step) -> Actor {
    let source = match step {
        Step::Erase(_) => return Actor::Hr,
        Step::ExportWlx(_) => jobs::WLX,
        Step::Paxml(_) => skillreg_paxml::SOURCE,
        Step::Csv(_) => skillreg_csv::SOURCE,
        Step::Wlx(_) => skillreg_wlx::SOURCE,
        Step::Scim(_) => skillreg_scim::SOURCE,
        Step::Xapi(_) => skillreg_xapi::SOURCE,
    };
    Actor::Sync {
        source: source.to_string(),
    }
}

fn outcome_text(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Refused => "refused",
        Outcome::GuardTripped => "with the termination guard tripped",
        Outcome::Failed => "failed",
        _ => "early",
    }
}

fn millis(since: Instant) -> u64 {
    u64::try_from(since.elapsed().as_millis()).unwrap_or(u64::MAX)
}

fn role_name(step: &Step) -> &'static str {
    match step {
        Step::ExportWlx(_) => "export",
        Step::Erase(_) => "retention",
        s if s.owns_people() => SourceRole::People.name(),
        _ => SourceRole::Evidence.name(),
    }
}

fn empty_summary(step: &Step, outcome: Outcome) -> StepSummary {
    StepSummary {
        name: step.name(),
        kind: step.kind().to_string(),
        role: role_name(step).to_string(),
        outcome,
        duration_ms: 0,
        counts: StepCounts::default(),
        n_warnings: 0,
        warnings: Vec::new(),
        error: None,
        problems: Vec::new(),
        would_terminate: Vec::new(),
    }
}

fn run_step(
    registry: &mut Registry,
    profile: &Profile,
    step: &Step,
    options: &RunOptions,
    progress: &mut dyn Progress,
) -> StepSummary {
    let started = Instant::now();
    let mut summary = empty_summary(step, Outcome::Applied);
    if let Step::Erase(erase) = step {
        let cutoff = options.as_of - chrono::Days::new(u64::from(erase.keep_days));
        match registry.erase_terminated_before(cutoff, options.dry_run) {
            Ok(erasure) => {
                summary.counts.erased = erasure.n_people;
                if options.dry_run {
                    summary.outcome = Outcome::DryRun;
                }
            }
            Err(e) => {
                summary.outcome = Outcome::Failed;
                summary.error = Some(jobs::chain(&e));
            }
        }
        summary.duration_ms = millis(started);
        return summary;
    }
    if let Step::ExportWlx(export) = step {
        let file = profile.path(&export.file);
        let result = if options.dry_run {
            registry
                .pending_export(jobs::WLX)
                .map(|p| p.records.len())
                .map_err(JobError::from)
        } else {
            jobs::export_wlx_file_if_any(registry, &file).map(|n| n.unwrap_or(0))
        };
        match result {
            Ok(n) => {
                summary.counts.exported = n;
                summary.outcome = match (options.dry_run, n) {
                    (true, _) => Outcome::DryRun,
                    (false, 0) => Outcome::NothingToExport,
                    (false, _) => Outcome::Applied,
                };
            }
            Err(e) => {
                summary.outcome = Outcome::Failed;
                summary.error = Some(jobs::chain(&e));
            }
        }
        summary.duration_ms = millis(started);
        return summary;
    }
    let result = source_of(profile, step).and_then(|source| {
        let limit = match (options.max_terminations, step.max_terminations()) {
            (Some(limit), _) => limit,
            (None, Some(limit)) => limit.parse().unwrap_or_default(),
            (None, None) => TerminationLimit::default(),
        };
        let config = SyncConfig {
            role: if step.owns_people() {
                SourceRole::People
            } else {
                SourceRole::Evidence
            },
            dry_run: options.dry_run,
            max_terminations: limit,
            ..SyncConfig::default()
        };
        sync_source(registry, &source, &config, options.as_of, &mut |n| {
            progress.people_read(n)
        })
    });
    match result {
        Ok(report) => {
            fill_counts(&mut summary, &report);
            summary.outcome = if options.dry_run {
                Outcome::DryRun
            } else {
                Outcome::Applied
            };
        }
        Err(err) => {
            summary.error = Some(jobs::chain(&err));
            summary.outcome = match &err {
                JobError::Registry(skillreg_store::Error::Refused {
                    problems, n_more, ..
                }) => {
                    summary.problems = problems.iter().map(ToString::to_string).collect();
                    if *n_more > 0 {
                        summary.problems.push(format!("... and {n_more} more"));
                    }
                    Outcome::Refused
                }
                JobError::Registry(skillreg_store::Error::GuardTripped { report, .. }) => {
                    fill_counts(&mut summary, report);
                    summary.would_terminate =
                        report.terminated().into_iter().map(String::from).collect();
                    Outcome::GuardTripped
                }
                e if e.is_input_refusal() => Outcome::Refused,
                _ => Outcome::Failed,
            };
        }
    }
    summary.duration_ms = millis(started);
    summary
}

fn fill_counts(summary: &mut StepSummary, report: &SyncReport) {
    summary.counts = StepCounts {
        seen: report.n_seen,
        created: report.n_created,
        updated: report.n_updated,
        reactivated: report.n_reactivated,
        terminated: report.n_terminated,
        unchanged: report.n_unchanged,
        skipped: report.n_skipped,
        evidence: report.n_evidence,
        catalog: report.catalog.len(),
        exported: 0,
        erased: 0,
    };
    summary.n_warnings = report.n_warnings;
    summary.warnings = report.warnings.iter().map(ToString::to_string).collect();
}

/// Builds the step's source: mapping files read, secrets taken from the environment.
fn source_of(profile: &Profile, step: &Step) -> Result<Source, JobError> {
    Ok(match step {
        Step::Paxml(s) => Source::Paxml {
            file: profile.path(&s.file),
            mapping: skillreg_paxml::PaxmlMapping::from_file(profile.path(&s.mapping))?,
            allow_unmapped: s.allow_unmapped,
        },
        Step::Csv(s) => Source::Csv {
            file: profile.path(&s.file),
            mapping: skillreg_csv::CsvMapping::from_file(profile.path(&s.mapping))?,
        },
        Step::Wlx(s) => Source::Wlx {
            file: profile.path(&s.file),
        },
        Step::Scim(s) => Source::Scim {
            config: scim_config(&s.url, s.token_env.as_deref())?,
            mapping: match &s.mapping {
                Some(m) => skillreg_scim::ScimMapping::from_file(profile.path(m))?,
                None => skillreg_scim::ScimMapping::default(),
            },
        },
        Step::Xapi(s) => Source::Xapi {
            config: xapi_config(&s.url, s.user_env.as_deref(), s.password_env.as_deref())?,
            mapping: skillreg_xapi::XapiMapping::from_file(profile.path(&s.mapping))?,
            since: None,
        },
        Step::ExportWlx(_) | Step::Erase(_) => {
            return Err(JobError::Usage(format!(
                "a {} step is not a source",
                step.kind()
            )));
        }
    })
}

/// A SCIM connection: the bearer token, if any, from the environment variable `token_env`.
pub fn scim_config(
    url: &str,
    token_env: Option<&str>,
) -> Result<skillreg_scim::ScimConfig, JobError> {
    let auth = match token_env {
        Some(var) => Auth::Bearer(Secret::from_env(var)?),
        None => Auth::None,
    };
    Ok(skillreg_scim::ScimConfig {
        base_url: url.to_string(),
        auth,
        http: HttpConfig::default(),
        ..skillreg_scim::ScimConfig::default()
    })
}

/// An xAPI connection: Basic auth from the environment variables `user_env` and `password_env`
/// (both or neither).
pub fn xapi_config(
    url: &str,
    user_env: Option<&str>,
    password_env: Option<&str>,
) -> Result<skillreg_xapi::XapiConfig, JobError> {
    let auth = match (user_env, password_env) {
        (Some(user), Some(password)) => {
            let user = Secret::from_env(user)?;
            Auth::Basic {
                user: user.expose().to_string(),
                password: Secret::from_env(password)?,
            }
        }
        (None, None) => Auth::None,
        _ => {
            return Err(JobError::Usage(
                "give both the user and the password variable, or neither".to_string(),
            ));
        }
    };
    Ok(skillreg_xapi::XapiConfig::new(url, auth))
}
