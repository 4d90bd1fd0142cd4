//! The core of skillreg: the domain, the competence rules and the sync engine. Pure: no I/O.
//!
//! # Brief overview
//! - [`model`]: [`Level`], [`Employee`] and [`Employment`], [`System`], [`Requirement`],
//!   [`Course`], [`Evidence`], [`Referral`].
//! - [`Gender`]: kept for the equality follow-up only where the owning source states it.
//! - [`Catalog`] and [`OrgTree`]: org units, occupations, systems, requirements, courses.
//! - [`RuleBook`]: the rules of the domain (target, confirmed, self and current level, gap,
//!   recommended courses, expiring results), each a function of a day.
//! - [`Snapshot`]: what an adapter hands over, and how it spells each [`Field`] the engine
//!   checks; [`sync::run`] reconciles it with a [`sync::SyncTarget`] (implemented by the store)
//!   in stages: check, plan, apply, in one transaction.
//! - [`text`]: which values may stand as an employee number, a code or a name, and how a
//!   value from outside is shown on a terminal.
//! - [`view`]: what the registry answers ([`view::Brief`], [`view::Profile`], [`view::UnitView`],
//!   [`view::Demand`], [`view::Progress`], ...), plain data for every renderer, and the rule by
//!   which aggregates withhold figures over too few people ([`view::Suppressor`]).
//!
//! # Example
//! ```
//! use chrono::NaiveDate;
//! use skillreg_core::{Catalog, Employee, Employment, Evidence, EvidenceKind, Level, Requirement, RuleBook};
//!
//! let day = NaiveDate::from_ymd_opt(2026, 11, 20).ok_or("bad date")?;
//! let catalog = Catalog {
//!     requirements: vec![Requirement {
//!         occupation: "USK".into(), system: "LIFECARE".into(), level: Level::Independent, unit: None,
//!     }],
//!     ..Catalog::default()
//! };
//! let anna = Employee {
//!     employee_no: "10023".into(), given_name: "Anna".into(), family_name: "Lindqvist".into(),
//!     email: None,
//!     employments: vec![Employment {
//!         unit: "SOC-HT".into(), occupation: "USK".into(), percent: Some(75),
//!         start: NaiveDate::from_ymd_opt(2015, 3, 1).ok_or("bad date")?, end: None,
//!         manager: Some("10001".into()), primary: true,
//!     }],
//! };
//! let evidence = vec![Evidence {
//!     system: "LIFECARE".into(), level: Level::Basic,
//!     date: NaiveDate::from_ymd_opt(2026, 9, 14).ok_or("bad date")?,
//!     kind: EvidenceKind::SelfAssessment,
//! }];
//! let standings = RuleBook::new(&catalog).standings(&anna, &evidence, &[], day);
//! assert_eq!(standings[0].gap, 1);
//! Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

pub mod catalog;
pub mod gender;
pub mod limits;
pub mod mapping;
pub mod maturity;
pub mod model;
pub mod privacy;
pub mod rules;
pub mod snapshot;
pub mod sync;
pub mod talk;
pub mod text;
pub mod view;

pub use catalog::{Catalog, OrgTree};
pub use gender::Gender;
pub use model::{
    Course, Employee, Employment, Evidence, EvidenceKind, Group, Level, Occupation, OrgUnit,
    Referral, Requirement, System,
};
pub use rules::{CurrentSource, Expiring, RuleBook, Standing};
pub use snapshot::{
    CatalogLocations, CompetenceSource, EmploymentRecord, EvidenceRecord, Field, FieldNames,
    Location, PersonRecord, Problem, Snapshot, SnapshotHeader, SnapshotKind, SourceCatalog,
    SourceEnd, Watermark,
};

/// `err` and its sources joined by `": "`, as `{:#}` of an `anyhow::Error` prints them: the whole
/// story of an error for a log, a run's record or the audit trail, each cause once.
///
/// ```
/// let io = std::io::Error::other("disk full");
/// let err = std::io::Error::new(std::io::ErrorKind::Other, io);
/// assert_eq!(skillreg_core::error_chain(&err), "disk full");
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn error_chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
