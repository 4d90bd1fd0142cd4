//! Test support of skillreg: what every test file would otherwise write again, in one place, so
//! that a fake cannot drift from the real store in one file and not in another. A dev-dependency
//! only (and of `fuzz/`): nothing that ships depends on it.
//!
//! - [`MemoryTarget`]: the one in-memory [`SyncTarget`](skillreg_core::sync::SyncTarget). It
//!   keeps digests per source like the store, records every write ([`Write`]) and fails on
//!   request ([`Failure`]); [`MemoryTarget::sync`] rolls a failed or refused run back, as the
//!   store's transaction does.
//! - [`VecSnapshot`]: a [`Snapshot`](skillreg_core::Snapshot) over a list of records.
//! - The case-table helpers: [`d`] (a date), [`strings`], and the fixture language of [`fixture`]
//!   (`"SOC-HT USK 2015-03-01.. 75% manager 10001"`).
//! - [`mutate`]: damaged documents and a time limit for the parsers' property tests; [`nights`]:
//!   generated nights of one source for the sync engine's property tests. The AFL++ targets in
//!   `fuzz/` use the same code.
//! - [`sample_registry`]: a registry in memory holding the shipped sample organisation
//!   (`fixtures/winlas/sample-export.xml`), synced through the WLX adapter.
//!
//! # Example
//! ```
//! use skillreg_core::SnapshotKind;
//! use skillreg_core::sync::{SyncConfig, SyncError};
//! use skillreg_testkit::{Failure, MemoryTarget, VecSnapshot, d, fixture, nights};
//!
//! let anna = fixture::person(
//!     "hr.xml", "10023", "Anna Lindqvist", 20,
//!     &["SOC-HT USK 2015-03-01.. 75%"],
//!     &["competence LIFECARE 2 self 2026-09-14"],
//! );
//! // The generated nights' catalog: 3 units, 2 occupations, 2 systems, 3 courses.
//! let night = VecSnapshot::new("wlx", SnapshotKind::Full, d("2026-11-20"), vec![anna])
//!     .with_catalog(nights::catalog(0));
//!
//! let mut target = MemoryTarget::default();
//! let report = target.sync(&mut night.clone(), &SyncConfig::default())?;
//! assert_eq!((report.n_created, report.n_evidence), (1, 1));
//! let writes: Vec<String> = target.writes().iter().map(|w| w.to_string()).collect();
//! assert_eq!(writes, ["apply_catalog 10", "apply_person 10023 created"]);
//! assert_eq!(target.n_active(d("2026-11-20")), 1);
//!
//! // The same night into a target that fails the write about 10023: nothing is kept.
//! let mut failing = MemoryTarget::failing(Failure::Person("10023".into()));
//! let Err(SyncError::Store(e)) = failing.sync(&mut night.clone(), &SyncConfig::default()) else {
//!     panic!("the write should have failed");
//! };
//! assert_eq!(e.to_string(), "store failed: apply_person 10023 created");
//! assert!(failing.people().is_empty() && failing.held_catalog().is_empty());
//! Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

pub mod fixture;
pub mod mutate;
pub mod nights;
mod sample;
mod snapshot;
mod target;

use chrono::NaiveDate;

pub use sample::{SAMPLE_EXPORT, sample_registry, sample_registry_as, wlx_registry};
pub use snapshot::VecSnapshot;
pub use target::{Failure, Held, MemoryError, MemoryTarget, Write};

/// A date written `YYYY-MM-DD` in a test; panics (failing the test) on anything else.
///
/// ```
/// assert_eq!(skillreg_testkit::d("2026-11-20").to_string(), "2026-11-20");
/// ```
pub fn d(s: &str) -> NaiveDate {
    s.parse()
        .unwrap_or_else(|e| panic!("bad date {s:?} in a fixture: {e}"))
}

/// A case table's list of expected lines as owned strings, to compare with rendered output.
///
/// ```
/// assert_eq!(skillreg_testkit::strings(&["a", "b"]), vec!["a".to_string(), "b".to_string()]);
/// ```
pub fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}
