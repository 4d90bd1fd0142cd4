//! The run lock: one sync or nightly run at a time per registry.

use super::*;

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
pub(super) const LOCK_POLL: Duration = Duration::from_millis(50);

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
