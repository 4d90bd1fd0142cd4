//! The jobs the CLI runs, as library calls an embedding HR tool can make too.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use chrono::{Local, SecondsFormat};
use skillreg_core::sync::{SyncConfig, SyncReport};
use skillreg_core::{CompetenceSource, EvidenceKind};
use skillreg_store::{PendingExport, Registry};
use skillreg_wlx::{ReturnRecord, WlxReader};

/// The adapter name the WLX reader tags its snapshots with.
pub const WLX: &str = "wlx";

/// Why a job failed.
#[derive(Debug, thiserror::Error)]
pub enum JobError {
    /// The registry refused or failed.
    #[error(transparent)]
    Registry(#[from] skillreg_store::Error),
    /// The WLX file could not be opened or its header is wrong.
    #[error(transparent)]
    Wlx(#[from] skillreg_wlx::WlxError),
    /// The PAXml file or its mapping could not be read.
    #[error(transparent)]
    Paxml(#[from] skillreg_paxml::PaxmlError),
    /// The CSV file or its mapping could not be read.
    #[error(transparent)]
    Csv(#[from] skillreg_csv::CsvError),
    /// The SCIM service provider could not be read.
    #[error(transparent)]
    Scim(#[from] skillreg_scim::ScimError),
    /// The learning record store could not be read.
    #[error(transparent)]
    Xapi(#[from] skillreg_xapi::XapiError),
    /// A connection could not be set up (e.g. a secret's variable is not set).
    #[error(transparent)]
    Http(#[from] skillreg_http::HttpError),
    /// The request does not make sense.
    #[error("{0}")]
    Usage(String),
    /// Writing a file failed.
    #[error("cannot write {file}")]
    Write {
        /// The file.
        file: String,
        /// Cause.
        #[source]
        source: std::io::Error,
    },
}

/// `err` and its sources joined by `": "`, as `{:#}` of an `anyhow::Error` prints them: the
/// whole story for a run's record or a summary, each cause once.
pub(crate) fn chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

impl JobError {
    /// True when the input itself was refused (bad file, bad mapping, refused snapshot), as
    /// opposed to a failure of the machine, the network or the database.
    pub fn is_input_refusal(&self) -> bool {
        match self {
            JobError::Registry(e) => matches!(e, skillreg_store::Error::Refused { .. }),
            JobError::Wlx(_) | JobError::Paxml(_) | JobError::Csv(_) | JobError::Usage(_) => true,
            JobError::Scim(_) | JobError::Xapi(_) | JobError::Http(_) | JobError::Write { .. } => {
                false
            }
        }
    }
}

/// Syncs the registry with a WLX export file (see [`Registry::sync`]).
///
/// ```no_run
/// use skillreg_core::sync::SyncConfig;
/// let mut registry = skillreg_store::Registry::open("skillreg.db", skillreg_store::Actor::Hr)?;
/// let report = skillreg_cli::sync_wlx_file(&mut registry, "export.xml".as_ref(), &SyncConfig::default())?;
/// println!("{} created, {} updated", report.n_created, report.n_updated);
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn sync_wlx_file(
    registry: &mut Registry,
    path: &Path,
    config: &SyncConfig,
) -> Result<SyncReport, JobError> {
    let input = path.display().to_string();
    let mut reader = match WlxReader::open(path) {
        Ok(reader) => reader,
        Err(err) => {
            registry.record_refused_run(WLX, config.role, &input, &chain(&err))?;
            return Err(err.into());
        }
    };
    Ok(registry.sync(&mut reader, &input, config)?)
}

/// Syncs the registry with WLX export bytes (e.g. an embedded sample); `name` names it in errors.
pub fn sync_wlx_bytes(
    registry: &mut Registry,
    bytes: &[u8],
    name: &str,
    config: &SyncConfig,
) -> Result<SyncReport, JobError> {
    let mut reader = WlxReader::with_file_name(bytes, name)?;
    Ok(registry.sync(&mut reader, name, config)?)
}

/// The return-file records of a pending export.
pub fn return_records(pending: &PendingExport) -> Vec<ReturnRecord> {
    pending
        .records
        .iter()
        .map(|r| {
            let e = &r.evidence;
            let (source, reference, assessor) = match &e.kind {
                EvidenceKind::SelfAssessment => (CompetenceSource::SelfAssessment, None, None),
                EvidenceKind::ManagerAssessment { assessor } => {
                    (CompetenceSource::Manager, None, assessor.clone())
                }
                EvidenceKind::CourseResult { course, .. } => {
                    (CompetenceSource::Course, course.clone(), None)
                }
            };
            ReturnRecord {
                employee_no: r.employee_no.clone(),
                system: e.system.clone(),
                level: e.level,
                source,
                date: e.date,
                reference,
                assessor,
            }
        })
        .collect()
}

/// Writes the WLX return file: the records the registry learned since the last successful
/// export, never those that came from the WLX export itself. The file is written to a temporary
/// name and renamed into place; only then is the export recorded. Returns the number of records.
pub fn export_wlx_file(registry: &mut Registry, path: &Path) -> Result<usize, JobError> {
    let pending = registry.pending_export(WLX)?;
    write_export(registry, path, pending)
}

/// Like [`export_wlx_file`], but writes no file (and records no export) when there is nothing
/// to send: `Ok(None)`. A nightly job uses it so that a night without news leaves the previous
/// return file for the HR system to pick up.
pub fn export_wlx_file_if_any(
    registry: &mut Registry,
    path: &Path,
) -> Result<Option<usize>, JobError> {
    let pending = registry.pending_export(WLX)?;
    if pending.records.is_empty() {
        return Ok(None);
    }
    write_export(registry, path, pending).map(Some)
}

fn write_export(
    registry: &mut Registry,
    path: &Path,
    pending: PendingExport,
) -> Result<usize, JobError> {
    let created_at = Local::now().to_rfc3339_opts(SecondsFormat::Secs, false);
    let records = return_records(&pending);
    let file = path.display().to_string();
    let tmp = path.with_extension("partial");
    let write = || -> std::io::Result<()> {
        let mut out = BufWriter::new(File::create(&tmp)?);
        skillreg_wlx::write_return_file(&mut out, &created_at, pending.since.as_deref(), &records)?;
        out.flush()?;
        out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        std::fs::rename(&tmp, path)
    };
    write().map_err(|source| JobError::Write {
        file: file.clone(),
        source,
    })?;
    registry.mark_exported(WLX, &pending, &created_at, &file)?;
    Ok(records.len())
}

/// Writes `bytes` to `path` whole or not at all: through a temporary name beside it, synced and
/// then renamed, so that a reader never sees half a file.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), JobError> {
    let tmp = path.with_extension("partial");
    let write = || -> std::io::Result<()> {
        let mut out = File::create(&tmp)?;
        out.write_all(bytes)?;
        out.sync_all()?;
        std::fs::rename(&tmp, path)
    };
    write().map_err(|source| JobError::Write {
        file: path.display().to_string(),
        source,
    })
}
