//! The run lock: one sync at a time per registry, whoever runs it (the command line's `sync`,
//! the nightly job, a sync posted to the web service's API).
//!
//! The lock is an advisory lock on `<db>.lock` ([`lock_path`]), held through an open file: the
//! operating system releases it when the holder exits, however it exits, so a crashed run never
//! leaves a stale lock behind.

use std::fs::{File, TryLockError};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How often a waiting run tries the lock again.
pub const LOCK_POLL: Duration = Duration::from_millis(50);

/// The lock file of the registry at `db`: `<db>.lock`.
///
/// ```
/// let lock = skillreg_store::run_lock::lock_path("/srv/skillreg.db".as_ref());
/// assert!(lock.to_string_lossy().ends_with("skillreg.db.lock"));
/// ```
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

/// Why the run lock was not taken.
#[derive(Debug, thiserror::Error)]
pub enum RunLockError {
    /// Another run held the lock for longer than the timeout.
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
}

/// Holds the run lock of a registry while alive (released on drop or when the process dies).
#[derive(Debug)]
pub struct RunLock {
    _file: File,
}

impl RunLock {
    /// Takes the lock of the registry at `db`, waiting up to `timeout` for another run to
    /// release it (trying again every 50 ms); fails with [`RunLockError::Locked`] if it is
    /// still held then. A zero `timeout` fails at once.
    ///
    /// ```
    /// use std::time::Duration;
    /// use skillreg_store::run_lock::{RunLock, RunLockError};
    ///
    /// let dir = tempfile::tempdir()?;
    /// let db = dir.path().join("skillreg.db");
    /// let held = RunLock::acquire_within(&db, Duration::ZERO)?;
    /// let second = RunLock::acquire_within(&db, Duration::from_millis(100));
    /// assert!(matches!(second, Err(RunLockError::Locked { .. })));
    /// drop(held);
    /// assert!(RunLock::acquire_within(&db, Duration::ZERO).is_ok());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn acquire_within(db: &Path, timeout: Duration) -> Result<RunLock, RunLockError> {
        let lock = lock_path(db);
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock)
            .map_err(|source| RunLockError::LockFile {
                lock: lock.display().to_string(),
                source,
            })?;
        let deadline = Instant::now().checked_add(timeout);
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(RunLock { _file: file }),
                Err(TryLockError::WouldBlock) => {}
                Err(TryLockError::Error(source)) => {
                    return Err(RunLockError::LockFile {
                        lock: lock.display().to_string(),
                        source,
                    });
                }
            }
            // A timeout too large to add to the clock waits for ever.
            match deadline.map(|d| d.saturating_duration_since(Instant::now())) {
                Some(left) if left.is_zero() => {
                    return Err(RunLockError::Locked {
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
