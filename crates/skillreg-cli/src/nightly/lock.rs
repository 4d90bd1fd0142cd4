//! The run lock: one sync or nightly run at a time per registry.

use super::*;

/// The lock file of the registry at `db`: `<db>.lock` (see [`skillreg_store::run_lock`]).
pub fn lock_path(db: &Path) -> PathBuf {
    skillreg_store::run_lock::lock_path(db)
}

/// Holds the run lock of a registry while alive (released on drop or when the process dies).
///
/// The lock is an advisory lock on `<db>.lock` ([`lock_path`]), held through an open file: the
/// operating system releases it when the holder exits, however it exits, so a crashed run never
/// leaves a stale lock behind.
#[derive(Debug)]
pub struct RunLock {
    _held: skillreg_store::run_lock::RunLock,
}

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
        use skillreg_store::run_lock::{RunLock as StoreLock, RunLockError};
        match StoreLock::acquire_within(db, timeout) {
            Ok(held) => Ok(RunLock { _held: held }),
            Err(RunLockError::Locked { lock, timeout }) => {
                Err(NightlyError::Locked { lock, timeout })
            }
            Err(RunLockError::LockFile { lock, source }) => {
                Err(NightlyError::LockFile { lock, source })
            }
        }
    }
}
