//! The registry of skillreg on SQLite: schema, migrations, queries, and the store side of sync.
//!
//! # Brief overview
//! - [`Registry`]: open or create a registry file, apply a catalog, sync a snapshot, record
//!   assessments, course results and referrals, and ask every question of the rules as of a day:
//!   [`Registry::profile`], [`Registry::gaps`], [`Registry::brief`], [`Registry::history`].
//! - [`Actor`]: who is asking (`hr`, `manager:N`, `employee:N`, `sync:SOURCE`), chosen when the
//!   registry is opened; every call checks it and refuses with [`Error::AccessDenied`].
//! - [`Registry::audit`]: the append-only trail of every write and of every read of someone
//!   else's record ([`AuditEntry`]).
//! - Service tokens ([`Registry::create_service_token`], [`Registry::authenticate_service_token`]):
//!   how another system proves which actor it calls as; only a hash of each is stored.
//! - Schema versions live in `PRAGMA user_version`; [`SCHEMA_VERSION`] is the newest.
//! - What the questions answer ([`Brief`], [`Profile`], [`UnitView`], [`Demand`], [`Progress`],
//!   ...) are the view models of `skillreg_core::view`, re-exported here.
//!
//! # Example
//! ```
//! use chrono::NaiveDate;
//! use skillreg_core::{Catalog, Level, Requirement, SourceCatalog, System, Occupation};
//! use skillreg_store::{Actor, Registry, Scope};
//!
//! let dir = tempfile::tempdir()?;
//! let mut registry = Registry::open(dir.path().join("skillreg.db"), Actor::Hr)?;
//! let catalog = Catalog {
//!     systems: vec![System { code: "O365".into(), name: "Microsoft 365".into(), vendor: None,
//!                            level_descriptions: Default::default() }],
//!     occupations: vec![Occupation { code: "USK".into(), name: "Undersköterska".into() }],
//!     requirements: vec![Requirement { occupation: "USK".into(), system: "O365".into(),
//!                                      level: Level::Independent, unit: None }],
//!     ..Catalog::default()
//! };
//! let changes = registry.apply_catalog(&SourceCatalog { catalog: catalog.clone(), ..Default::default() }, "catalog")?;
//! assert_eq!(changes.len(), 3);
//! // Applying the same catalog again changes nothing.
//! assert!(registry.apply_catalog(&SourceCatalog { catalog, ..Default::default() }, "catalog")?.is_empty());
//! let day = NaiveDate::from_ymd_opt(2026, 11, 20).ok_or("bad date")?;
//! assert!(registry.gaps(&Scope::All, day)?.is_empty());
//! Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

mod actor;
mod audit;
mod audit_writer;
mod error;
mod groups;
pub mod idempotency;
mod maturity;
mod migrate;
pub mod reach;
mod registry;
mod reports;
mod rounds;
pub mod run_lock;
mod scan;
mod sql;
mod subject;
mod target;
mod tokens;
mod unit_view;

pub use actor::{Actor, ParseActorError};
pub use audit::{AuditEntry, AuditFilter};
pub use audit_writer::AuditWriter;
pub use error::{Error, Result};
pub use maturity::MaturityImport;
pub use migrate::{SCHEMA_VERSION, schema_version};
pub use registry::{
    Assessment, BriefConfig, DEFAULT_TALK_INTERVAL_MONTHS, LearnedRecord, PendingExport,
    REGISTRY_SOURCE, Referred, Registry, RunRecord, Scope,
};
pub use rounds::{
    AskedRound, FormAnswer, RoundAnswer, RoundFilter, RoundImport, RoundSpec, SelfAssessed,
};
// The view models live in the core (`skillreg_core::view`), so that renderers need not depend
// on the store; they are re-exported here under their old names.
pub use skillreg_core::talk::{Agreed, Agreement, AgreementStatus, Talk};
pub use skillreg_core::view::{
    AgreementState, Breakdown, Brief, BriefSystem, By, Cell, Change, CourseDemand,
    DEFAULT_MIN_GROUP, DayFigures, Demand, DemandFilter, FormSystem, GapRow, GroupCount,
    GroupFigures, GroupRound, GroupsReport, HistoryEntry, MissingCourse, OpenReferral, Profile,
    Progress, ProgressRow, ReportFilter, Round, RoundForm, RoundForms, RoundStatus, Suppression,
    Suppressor, SystemFigures, TalkCoverage, TalkDue, TalksDue, Turnover, Unanswered,
    UnitOccupation, UnitPerson, UnitResponse, UnitShape, UnitTalkCoverage, UnitView, UnmetNeed,
};
pub use subject::{
    Erasure, SubjectEmployment, SubjectEvidence, SubjectExport, SubjectLevel, SubjectReferral,
    SubjectRound,
};
pub use tokens::{
    NewToken, Revocation, Secret, ServiceToken, TOKEN_PREFIX, TokenCaller, TokenSpec, TokenState,
};
pub use unit_view::{DEFAULT_MAX_PEOPLE, UnitScope};
