use skillreg_core::Problem;
use skillreg_core::sync::{SyncReport, TerminationLimit};

use crate::actor::Actor;

/// What can go wrong in the registry.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// SQLite failed.
    #[error("database error")]
    Sqlite(#[from] rusqlite::Error),
    /// The database file was made by a newer skillreg.
    #[error(
        "the database has schema version {found}, but this skillreg knows only up to {supported}: upgrade skillreg"
    )]
    SchemaTooNew {
        /// Version in the file.
        found: u32,
        /// Newest version this code knows.
        supported: u32,
    },
    /// No person with that employee number.
    #[error("no employee {0:?} in the registry")]
    UnknownEmployee(String),
    /// No system with that code.
    #[error("no system {0:?} in the catalog")]
    UnknownSystem(String),
    /// No course with that code.
    #[error("no course {0:?} in the catalog")]
    UnknownCourse(String),
    /// No org unit with that id.
    #[error("no org unit {0:?} in the catalog")]
    UnknownUnit(String),
    /// No occupation with that code.
    #[error("no occupation {0:?} in the catalog")]
    UnknownOccupation(String),
    /// No target group with that code.
    #[error("no target group {0:?} in the catalog")]
    UnknownGroup(String),
    /// No self-assessment round with that number.
    #[error("no self-assessment round {0}")]
    UnknownRound(i64),
    /// A request that cannot be carried out as asked (the message says why).
    #[error("{0}")]
    Invalid(String),
    /// No open referral matches.
    #[error("employee {employee_no:?} has no open referral to course {course:?}")]
    NoOpenReferral {
        /// Employee number.
        employee_no: String,
        /// Course code.
        course: String,
    },
    /// The input (a snapshot or a catalog) has problems; nothing was written.
    #[error("{} was refused, nothing was written: {} problem(s){}", skillreg_core::text::for_terminal(input), problems.len() + n_more, if *n_more > 0 { format!(", {n_more} not shown") } else { String::new() })]
    Refused {
        /// The input's name.
        input: String,
        /// The problems.
        problems: Vec<Problem>,
        /// Problems found beyond the reporting limit.
        n_more: usize,
    },
    /// The termination guard tripped; nothing was written.
    #[error("the sync would terminate {} of {} active people (limit {limit}); nothing was written", report.n_terminated, report.n_active_before)]
    GuardTripped {
        /// The limit.
        limit: TerminationLimit,
        /// The plan that was refused.
        report: Box<SyncReport>,
    },
    /// An erasure was committed, but another process reading an older state of the registry
    /// keeps the old pages, which still hold the erased data, alive in the write-ahead log.
    /// Running the same erasure again when that reader has finished completes it.
    #[error(
        "the erasure of {n_people} people was written, but it could not finish: another process is reading the registry, and the old pages that still hold their data cannot be overwritten until it stops"
    )]
    ErasureUnfinished {
        /// People erased in the committed transaction.
        n_people: u64,
    },
    /// The actor the registry was opened for may not do this; nothing was read or written.
    #[error("{actor} may not {action}{}: only {who_may} may", if subject.is_empty() { String::new() } else { format!(" {subject}") })]
    AccessDenied {
        /// Who asked.
        actor: Actor,
        /// What they asked to do (`read`, `record an assessment of` ...).
        action: String,
        /// Whom or what it concerned (`employee 10023`), or empty.
        subject: String,
        /// Who may (`HR, the employee and their managers`).
        who_may: String,
    },
    /// No service token has that name.
    #[error("no service token {0:?}: `skillreg token list` shows them")]
    NoSuchToken(String),
    /// A presented token is not one the registry knows (mistyped, cut short, or from another
    /// registry). The token itself is never part of the message.
    #[error(
        "not a service token of this registry: check that it was copied whole, or create one with `skillreg token create`"
    )]
    UnknownToken,
    /// A presented token was revoked.
    #[error("service token {name:?} was revoked at {at}")]
    RevokedToken {
        /// The token's name.
        name: String,
        /// When (UTC, RFC 3339).
        at: String,
    },
    /// A presented token's expiry day has passed.
    #[error("service token {name:?} expired after {last}: create a new one")]
    ExpiredToken {
        /// The token's name.
        name: String,
        /// The last day it worked.
        last: chrono::NaiveDate,
    },
    /// A stored value is not what the schema promises (the file was edited by hand?).
    #[error("corrupt registry data: {0}")]
    Corrupt(String),
}

impl Error {
    /// Whether SQLite gave up waiting for another connection's write (`SQLITE_BUSY` or
    /// `SQLITE_LOCKED` after the busy timeout): the same call may succeed later.
    pub fn is_busy(&self) -> bool {
        matches!(
            self,
            Error::Sqlite(e) if matches!(
                e.sqlite_error_code(),
                Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
            )
        )
    }
}

/// Result with the registry's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

pub(crate) use skillreg_core::error_chain as chain;
