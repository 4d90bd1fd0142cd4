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

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{NaiveDate, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use skillreg_core::sync::{SourceRole, SyncConfig, SyncReport, TerminationLimit};
use skillreg_http::{Auth, HttpConfig, Secret};
use skillreg_store::{Actor, Registry};

use crate::jobs::{self, JobError};
use crate::sources::{Source, sync_source};

mod lock;
mod run;

pub use lock::{DEFAULT_LOCK_TIMEOUT, RunLock, lock_path};
pub use run::{run_profile, scim_config, xapi_config};

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
