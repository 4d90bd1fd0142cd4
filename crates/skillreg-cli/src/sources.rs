//! Every source the registry syncs from, behind one call: [`sync_source`].
//!
//! A [`Source`] names an outside system and how to reach it (a file and its mapping, or a URL
//! and its credentials). [`sync_source`] opens it, runs the sync engine over it in one
//! transaction, and records a refused run in the registry's log when the source cannot even be
//! opened, so that a nightly job's failures are visible in `skillreg runs`.

use std::path::PathBuf;

use chrono::NaiveDate;
use skillreg_core::sync::{ReadAhead, SyncConfig, SyncReport};
use skillreg_core::{PersonRecord, Problem, Snapshot, SnapshotHeader, SourceCatalog, SourceEnd};
use skillreg_csv::{CsvMapping, CsvReader};
use skillreg_paxml::{PaxmlMapping, PaxmlOptions, PaxmlReader};
use skillreg_scim::{ScimConfig, ScimMapping};
use skillreg_store::Registry;
use skillreg_wlx::WlxReader;
use skillreg_xapi::{XapiConfig, XapiMapping};

use crate::jobs::JobError;

/// An outside system to sync from, ready to be read.
#[derive(Debug, Clone)]
pub enum Source {
    /// A WLX competence export.
    Wlx {
        /// The export file.
        file: PathBuf,
    },
    /// A PAXml personnel register with its code mapping.
    Paxml {
        /// The PAXml file.
        file: PathBuf,
        /// Payroll codes to registry codes.
        mapping: PaxmlMapping,
        /// Skip people whose codes are unmapped instead of refusing the file.
        allow_unmapped: bool,
    },
    /// An HR CSV export with its column mapping.
    Csv {
        /// The CSV file.
        file: PathBuf,
        /// Columns and codes.
        mapping: CsvMapping,
    },
    /// A SCIM 2.0 service provider's Users.
    Scim {
        /// Where and how to connect.
        config: ScimConfig,
        /// Departments and titles to units and occupations.
        mapping: ScimMapping,
    },
    /// Course completions in an xAPI learning record store, read from where the last sync
    /// stopped (the watermark the registry keeps).
    Xapi {
        /// Where and how to connect.
        config: XapiConfig,
        /// Activities to courses, actors to employee numbers.
        mapping: XapiMapping,
        /// Read from this `stored` time (RFC 3339) instead of the watermark, e.g. to read again
        /// statements left out before a mapping was fixed (evidence already held is not added
        /// twice).
        since: Option<String>,
    },
}

impl Source {
    /// The adapter's name, which tags the runs and evidence it brings.
    pub fn kind(&self) -> &'static str {
        match self {
            Source::Wlx { .. } => skillreg_wlx::SOURCE,
            Source::Paxml { .. } => skillreg_paxml::SOURCE,
            Source::Csv { .. } => skillreg_csv::SOURCE,
            Source::Scim { .. } => skillreg_scim::SOURCE,
            Source::Xapi { .. } => skillreg_xapi::SOURCE,
        }
    }

    /// What the run log calls the input: the file, or the URL (never credentials).
    pub fn input(&self) -> String {
        match self {
            Source::Wlx { file } | Source::Paxml { file, .. } | Source::Csv { file, .. } => {
                file.display().to_string()
            }
            Source::Scim { config, .. } => skillreg_http::display_url(&config.base_url),
            Source::Xapi { config, .. } => skillreg_http::display_url(&config.base_url),
        }
    }
}

/// Syncs the registry with `source` (see [`Registry::sync`]). `as_of` is the day a source
/// without an export date describes (CSV, SCIM); `on_person` is called with the number of people
/// read so far, every 1,000 people and at the end (for a progress display).
///
/// ```no_run
/// use skillreg_cli::sources::{Source, sync_source};
/// use skillreg_core::sync::SyncConfig;
///
/// let mut registry = skillreg_store::Registry::open("skillreg.db", skillreg_store::Actor::Hr)?;
/// let mapping = skillreg_paxml::PaxmlMapping::from_file("paxml-mapping.toml")?;
/// let source = Source::Paxml { file: "personal.pax".into(), mapping, allow_unmapped: false };
/// let today = chrono::Local::now().date_naive();
/// let report = sync_source(&mut registry, &source, &SyncConfig::default(), today, &mut |_| {})?;
/// println!("{} created, {} terminated", report.n_created, report.n_terminated);
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn sync_source(
    registry: &mut Registry,
    source: &Source,
    config: &SyncConfig,
    as_of: NaiveDate,
    on_person: &mut dyn FnMut(u64),
) -> Result<SyncReport, JobError> {
    let input = source.input();
    tracing::info!(
        source = source.kind(),
        input = %input,
        role = config.role.name(),
        dry_run = config.dry_run,
        "sync started"
    );
    let opened: Result<Box<dyn Snapshot>, JobError> = match source {
        // Files are read ahead on a thread of their own while the registry writes.
        Source::Wlx { file } => WlxReader::open(file)
            .map(|r| Box::new(ReadAhead::new(r)) as Box<dyn Snapshot>)
            .map_err(JobError::from),
        Source::Paxml {
            file,
            mapping,
            allow_unmapped,
        } => PaxmlReader::open(
            file,
            mapping,
            PaxmlOptions {
                allow_unmapped: *allow_unmapped,
            },
        )
        .map(|r| Box::new(ReadAhead::new(r)) as Box<dyn Snapshot>)
        .map_err(JobError::from),
        Source::Csv { file, mapping } => CsvReader::open(file, mapping, as_of)
            .map(|r| Box::new(ReadAhead::new(r)) as Box<dyn Snapshot>)
            .map_err(JobError::from),
        Source::Scim { config, mapping } => skillreg_scim::fetch(config, mapping, as_of)
            .map(|s| Box::new(s) as Box<dyn Snapshot>)
            .map_err(JobError::from),
        Source::Xapi {
            config,
            mapping,
            since,
        } => {
            let since = match since {
                Some(since) => Some(since.clone()),
                None => registry.watermark(&config.watermark_key())?,
            };
            skillreg_xapi::fetch(config, mapping, since.as_deref())
                .map(|s| Box::new(s) as Box<dyn Snapshot>)
                .map_err(JobError::from)
        }
    };
    let snapshot = match opened {
        Ok(snapshot) => snapshot,
        Err(err) => {
            if err.is_input_refusal() {
                registry.record_refused_run(
                    source.kind(),
                    config.role,
                    &input,
                    &crate::jobs::chain(&err),
                )?;
            } else {
                registry.record_failed_run(
                    source.kind(),
                    config.role,
                    &input,
                    &crate::jobs::chain(&err),
                )?;
            }
            log_not_applied(source.kind(), &input, &err);
            return Err(err);
        }
    };
    let mut counted = Counted {
        inner: snapshot,
        n: 0,
        tick: on_person,
    };
    let report = registry.sync(&mut counted, &input, config);
    (counted.tick)(counted.n);
    match report {
        Ok(report) => {
            log_finished(source.kind(), &input, &report);
            Ok(report)
        }
        Err(err) => {
            let err = JobError::from(err);
            log_not_applied(source.kind(), &input, &err);
            Err(err)
        }
    }
}

/// Logs a sync that went through (or was planned, in a dry run) with its counts.
pub(crate) fn log_finished(source: &str, input: &str, report: &SyncReport) {
    tracing::info!(
        source,
        input,
        dry_run = report.dry_run,
        seen = report.n_seen,
        created = report.n_created,
        updated = report.n_updated,
        reactivated = report.n_reactivated,
        terminated = report.n_terminated,
        unchanged = report.n_unchanged,
        skipped = report.n_skipped,
        evidence = report.n_evidence,
        catalog = report.catalog.len(),
        warnings = report.n_warnings,
        "sync finished"
    );
}

/// Logs a sync that wrote nothing: refused (its problems counted), stopped by the termination
/// guard, or failed. The problems themselves are in the error the caller reports (they may
/// quote the input); the log says how many.
pub(crate) fn log_not_applied(source: &str, input: &str, err: &JobError) {
    match err {
        JobError::Registry(skillreg_store::Error::Refused {
            problems, n_more, ..
        }) => tracing::info!(
            source,
            input,
            problems = problems.len() + n_more,
            "sync refused"
        ),
        JobError::Registry(skillreg_store::Error::GuardTripped { limit, report }) => {
            tracing::info!(
                source,
                input,
                would_terminate = report.n_terminated,
                active = report.n_active_before,
                limit = %limit,
                "sync refused by the termination guard"
            )
        }
        err if err.is_input_refusal() => {
            tracing::info!(source, input, error = %err, "sync refused")
        }
        err => tracing::info!(source, input, error = %err, "sync failed"),
    }
}

/// A snapshot that counts the people read, for progress displays.
struct Counted<'a> {
    inner: Box<dyn Snapshot>,
    n: u64,
    tick: &'a mut dyn FnMut(u64),
}

impl Snapshot for Counted<'_> {
    fn header(&self) -> &SnapshotHeader {
        self.inner.header()
    }

    fn catalog(&mut self) -> (SourceCatalog, Vec<Problem>) {
        self.inner.catalog()
    }

    fn next_person(&mut self) -> Result<Option<PersonRecord>, Vec<Problem>> {
        let next = self.inner.next_person();
        if let Ok(Some(_)) = next {
            self.n += 1;
            if self.n.is_multiple_of(1000) {
                (self.tick)(self.n);
            }
        }
        next
    }

    fn digest(&self) -> Option<String> {
        self.inner.digest()
    }

    fn finish(&mut self) -> SourceEnd {
        self.inner.finish()
    }

    fn field_name(&self, field: skillreg_core::Field) -> &str {
        self.inner.field_name(field)
    }

    fn give_back(&mut self, record: PersonRecord) {
        self.inner.give_back(record);
    }
}
