//! The jobs the CLI runs, as library calls an embedding HR tool can make too.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

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
    /// The maturity framework file cannot be used.
    #[error(transparent)]
    Framework(#[from] skillreg_core::maturity::FrameworkError),
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

pub(crate) use skillreg_core::error_chain as chain;

impl From<skillreg_files::Error> for JobError {
    fn from(e: skillreg_files::Error) -> JobError {
        match e {
            skillreg_files::Error::Registry(e) => JobError::Registry(e),
            other => JobError::Usage(other.to_string()),
        }
    }
}

impl JobError {
    /// True when the input itself was refused (bad file, bad mapping, refused snapshot), as
    /// opposed to a failure of the machine, the network or the database.
    pub fn is_input_refusal(&self) -> bool {
        match self {
            JobError::Registry(e) => matches!(e, skillreg_store::Error::Refused { .. }),
            JobError::Wlx(_)
            | JobError::Paxml(_)
            | JobError::Csv(_)
            | JobError::Framework(_)
            | JobError::Usage(_) => true,
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
    tracing::info!(source = WLX, input = %input, role = config.role.name(), dry_run = config.dry_run, "sync started");
    // Read ahead on a thread of its own while the registry writes.
    let mut reader = match WlxReader::open(path) {
        Ok(reader) => skillreg_core::sync::ReadAhead::new(reader),
        Err(err) => {
            registry.record_refused_run(WLX, config.role, &input, &chain(&err))?;
            let err = JobError::from(err);
            crate::sources::log_not_applied(WLX, &input, &err);
            return Err(err);
        }
    };
    match registry.sync(&mut reader, &input, config) {
        Ok(report) => {
            crate::sources::log_finished(WLX, &input, &report);
            Ok(report)
        }
        Err(err) => {
            let err = JobError::from(err);
            crate::sources::log_not_applied(WLX, &input, &err);
            Err(err)
        }
    }
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

/// Refuses `out` as an output file when it is one of the files of the registry at `db`: the
/// registry itself, its `-wal` or `-shm`, or its run lock (`<db>.lock`). Writing a page over
/// them would destroy the registry. Both paths are compared resolved (symbolic links, `..`, a
/// relative name); a file that does not exist yet is compared as its folder's resolved path
/// plus its name, and on Unix two names of one file (a hard link) are caught too.
///
/// ```
/// let dir = tempfile::tempdir()?;
/// let db = dir.path().join("skillreg.db");
/// assert!(skillreg_cli::check_output(&dir.path().join("skillreg.db-wal"), &db).is_err());
/// assert!(skillreg_cli::check_output(&dir.path().join("brief.html"), &db).is_ok());
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn check_output(out: &Path, db: &Path) -> Result<(), JobError> {
    let Some(resolved_out) = resolved(out) else {
        // A folder that does not exist: the write fails on its own, and cannot hit the registry.
        return Ok(());
    };
    let mut wal = db.as_os_str().to_owned();
    wal.push("-wal");
    let mut shm = db.as_os_str().to_owned();
    shm.push("-shm");
    let own = [
        db.to_path_buf(),
        PathBuf::from(wal),
        PathBuf::from(shm),
        crate::nightly::lock_path(db),
    ];
    for file in &own {
        if resolved(file).is_some_and(|f| f == resolved_out) || same_inode(out, file) {
            return Err(JobError::Usage(format!(
                "{} is the registry's own file {}: nothing was written; choose another output file",
                out.display(),
                file.display()
            )));
        }
    }
    Ok(())
}

/// `path` made absolute with symbolic links resolved; a file that does not exist yet as its
/// folder's resolved path plus its name. `None` when the folder does not exist either.
fn resolved(path: &Path) -> Option<PathBuf> {
    if let Ok(p) = path.canonicalize() {
        return Some(p);
    }
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    Some(dir.canonicalize().ok()?.join(path.file_name()?))
}

/// Whether `a` and `b` both exist and are the same file (Unix: device and inode).
fn same_inode(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (std::fs::metadata(a), std::fs::metadata(b)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (a, b);
        false
    }
}

/// Writes `bytes` to `path` whole or not at all, readable by its owner only: the files the CLI
/// writes (pages, subject exports, round forms, reports) hold personal data.
///
/// The bytes go to a new temporary file beside `path` (created with mode 0600 on Unix, so no
/// other user can open it even for a moment, whatever the umask), which is synced and then
/// renamed over `path`; the folder is synced too, so that after a crash `path` holds the old
/// file or the new one, never half of one. A reader who opened the old file keeps reading it.
/// On failure the temporary file is removed and `path` is left as it was.
///
/// ```
/// # #[cfg(unix)] {
/// use std::os::unix::fs::PermissionsExt;
///
/// let dir = tempfile::tempdir()?;
/// let page = dir.path().join("brief.html");
/// skillreg_cli::write_atomically(&page, b"<h1>Anna</h1>")?;
/// assert_eq!(std::fs::read(&page)?, b"<h1>Anna</h1>");
/// assert_eq!(std::fs::metadata(&page)?.permissions().mode() & 0o777, 0o600);
/// # }
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), JobError> {
    write_private(path, bytes).map_err(|source| JobError::Write {
        file: path.display().to_string(),
        source,
    })
}

fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".skillreg-")
        .suffix(".partial")
        .tempfile_in(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    sync_dir(dir)
}

/// Makes a rename in `dir` durable (Unix; elsewhere the rename is as durable as it gets).
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    fn mode(path: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn replaces_a_file_by_renaming_a_private_copy_over_it() {
        let dir = tempfile::tempdir().unwrap();
        let page = dir.path().join("team.html");
        std::fs::write(&page, "old").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&page, std::fs::Permissions::from_mode(0o644)).unwrap();
        }
        // A reader who opened the old file before keeps reading it whole: the new file is
        // another file renamed into place, not the old one truncated and written again.
        let mut reader = File::open(&page).unwrap();
        write_atomically(&page, b"new and longer").unwrap();
        let mut seen = String::new();
        std::io::Read::read_to_string(&mut reader, &mut seen).unwrap();
        assert_eq!(seen, "old");
        assert_eq!(std::fs::read_to_string(&page).unwrap(), "new and longer");
        #[cfg(unix)]
        assert_eq!(mode(&page), 0o600, "a world-readable file becomes private");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["team.html"], "no temporary file is left");
    }

    #[test]
    fn a_failed_write_leaves_the_target_and_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        // The target is a folder with a file in it: the rename cannot replace it.
        let target = dir.path().join("export.json");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("keep"), "kept").unwrap();
        let err = write_atomically(&target, b"{}").unwrap_err();
        assert!(
            matches!(&err, JobError::Write { file, .. } if *file == target.display().to_string()),
            "{err}"
        );
        assert_eq!(
            std::fs::read_to_string(target.join("keep")).unwrap(),
            "kept"
        );
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["export.json"], "no temporary file is left");
        // A folder that does not exist: an error naming the file, nothing created.
        let missing = dir.path().join("no-such-folder").join("page.html");
        assert!(write_atomically(&missing, b"x").is_err());
        assert!(!dir.path().join("no-such-folder").exists());
    }
}
