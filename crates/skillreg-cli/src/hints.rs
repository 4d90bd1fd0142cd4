//! What the command line says below an error: which command to run or which flag to pass.
//!
//! The libraries' errors say what went wrong and where, in their own words; only the command
//! line knows its commands and flags, so the advice that names them lives here. The binary
//! prints it as a line of its own after the error:
//!
//! ```text
//! error: no system "NOPE" in the catalog
//! hint: `skillreg catalog apply` adds systems to the catalog
//! ```
//!
//! # Example
//! ```
//! let err = anyhow::Error::from(skillreg_store::Error::UnknownRound(7));
//! assert_eq!(skillreg_cli::hints::hint(&err), Some("`skillreg round list` shows the rounds"));
//! Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::error::Error;

use crate::jobs::JobError;
use crate::nightly::NightlyError;

/// The hint for `err` (for the first error in its chain that has one), or `None`.
pub fn hint(err: &anyhow::Error) -> Option<&'static str> {
    err.chain().find_map(hint_for)
}

/// Prints `hint: ...` to standard error when [`hint`] has one for `err`.
pub fn print_hint(err: &anyhow::Error) {
    if let Some(hint) = hint(err) {
        eprintln!("hint: {hint}");
    }
}

/// The hint for this one error (not its sources), or `None`.
pub fn hint_for(err: &(dyn Error + 'static)) -> Option<&'static str> {
    if let Some(e) = err.downcast_ref::<skillreg_store::Error>() {
        return store_hint(e);
    }
    // The CLI's own errors wrap the store's transparently, so the store's error is not a
    // separate link of the chain.
    match err.downcast_ref::<JobError>() {
        Some(JobError::Registry(e)) => return store_hint(e),
        Some(_) => return None,
        None => {}
    }
    match err.downcast_ref::<NightlyError>()? {
        NightlyError::Locked { .. } => {
            Some("retry when that run has finished, or wait longer with --lock-timeout SECONDS")
        }
        NightlyError::Registry(e) => store_hint(e),
        _ => None,
    }
}

fn store_hint(err: &skillreg_store::Error) -> Option<&'static str> {
    use skillreg_store::Error;
    match err {
        Error::UnknownSystem(_) => Some("`skillreg catalog apply` adds systems to the catalog"),
        Error::UnknownCourse(_) => Some("`skillreg catalog apply` adds courses to the catalog"),
        Error::UnknownRound(_) => Some("`skillreg round list` shows the rounds"),
        Error::UnknownGroup(_) => Some(
            "`skillreg groups` lists the target groups; `skillreg catalog apply` adds them ([[groups]])",
        ),
        Error::GuardTripped { .. } => Some(
            "check that the export is complete, or allow the terminations with --max-terminations",
        ),
        Error::ErasureUnfinished { .. } => Some(
            "stop what is reading the registry (a long report, a backup, an sqlite3 shell) and run the same purge again: it finishes the erasure; --lock-timeout SECONDS waits longer for it",
        ),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(err: anyhow::Error, expected: Option<&str>) {
        assert_eq!(hint(&err), expected, "{err:#}");
    }

    #[test]
    fn store_errors_directly_and_through_the_jobs() {
        use skillreg_store::Error;
        check(
            Error::UnknownSystem("NOPE".into()).into(),
            Some("`skillreg catalog apply` adds systems to the catalog"),
        );
        check(
            JobError::Registry(Error::UnknownCourse("NOPE".into())).into(),
            Some("`skillreg catalog apply` adds courses to the catalog"),
        );
        check(
            NightlyError::Registry(Error::UnknownRound(3)).into(),
            Some("`skillreg round list` shows the rounds"),
        );
        check(Error::UnknownEmployee("10001".into()).into(), None);
        check(JobError::Usage("no".into()).into(), None);
    }

    #[test]
    fn a_wrapped_error_finds_the_hint_of_its_cause() {
        let err = anyhow::Error::from(skillreg_store::Error::UnknownRound(7))
            .context("cannot record the assessment");
        check(err, Some("`skillreg round list` shows the rounds"));
    }

    #[test]
    fn a_held_lock_tells_how_to_wait_longer() {
        let err = NightlyError::Locked {
            lock: "registry.db.lock".into(),
            timeout: std::time::Duration::from_secs(1),
        };
        check(
            err.into(),
            Some("retry when that run has finished, or wait longer with --lock-timeout SECONDS"),
        );
    }
}
