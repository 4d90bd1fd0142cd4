//! Apply: hand the plan to the [`SyncTarget`], behind the termination guard.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::{CatalogOp, PersonPlan, SyncConfig, SyncError, SyncReport, SyncTarget, day_before};

/// Hands the catalog plan to `target`, in its order (nothing if it is empty).
pub(super) fn catalog<T: SyncTarget>(
    target: &mut T,
    ops: &[CatalogOp],
) -> Result<(), SyncError<T::Error>> {
    if ops.is_empty() {
        return Ok(());
    }
    target.apply_catalog(ops).map_err(SyncError::Store)
}

/// Hands one person's plan to `target` (also when unchanged: the digest may be new).
pub(super) fn person<T: SyncTarget>(
    target: &mut T,
    plan: &PersonPlan,
) -> Result<(), SyncError<T::Error>> {
    target.apply_person(plan).map_err(SyncError::Store)
}

/// The termination guard, then the terminations: refuses `report` if it terminates more people
/// than `config` allows; otherwise (unless a dry run) ends the employments of the people
/// `absent` from a full snapshot on the day before its day. Returns the report.
pub(super) fn terminations<T: SyncTarget>(
    target: &mut T,
    report: SyncReport,
    absent: &[&str],
    config: &SyncConfig,
) -> Result<SyncReport, SyncError<T::Error>> {
    if config
        .max_terminations
        .exceeded(report.n_terminated, report.n_active_before)
    {
        return Err(SyncError::GuardTripped {
            limit: config.max_terminations,
            report: Box::new(report),
        });
    }
    if !config.dry_run {
        let last_day = day_before(report.header.as_of);
        for no in absent {
            target.terminate(no, last_day).map_err(SyncError::Store)?;
        }
    }
    Ok(report)
}

/// How many terminations a sync may make before it refuses.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum TerminationLimit {
    /// At most this many people.
    Count(usize),
    /// At most this percentage of the active people; never trips for 2 people or fewer.
    Percent(f64),
}

impl Default for TerminationLimit {
    fn default() -> Self {
        TerminationLimit::Percent(10.0)
    }
}

impl TerminationLimit {
    /// Whether terminating `n` of `n_active` people exceeds the limit.
    pub fn exceeded(self, n: usize, n_active: usize) -> bool {
        match self {
            TerminationLimit::Count(max) => n > max,
            TerminationLimit::Percent(p) => n > 2 && (n as f64) > n_active as f64 * p / 100.0,
        }
    }
}

impl fmt::Display for TerminationLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TerminationLimit::Count(n) => write!(f, "{n}"),
            TerminationLimit::Percent(p) => write!(f, "{p}%"),
        }
    }
}

impl std::str::FromStr for TerminationLimit {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let s = s.trim();
        if let Some(p) = s.strip_suffix('%') {
            match p.trim().parse::<f64>() {
                Ok(p) if (0.0..=100.0).contains(&p) => Ok(TerminationLimit::Percent(p)),
                _ => Err(format!("expected a percentage 0-100 like 10%, got {s:?}")),
            }
        } else {
            s.parse::<usize>()
                .map(TerminationLimit::Count)
                .map_err(|_| format!("expected a number of people (e.g. 25) or a percentage (e.g. 10%), got {s:?}"))
        }
    }
}
