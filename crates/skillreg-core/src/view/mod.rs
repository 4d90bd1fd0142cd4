//! The view models: what the registry answers, as plain data that renderers (the pages, the
//! command line's tables, a server) take without knowing how it was read.
//!
//! The store fills these from SQLite; nothing here does I/O. The one piece of logic is the rule
//! by which aggregates withhold figures over too few people ([`Suppressor`]), which both the
//! store's reports and the team page's totals apply.
//!
//! # Brief overview
//! - One person: [`Profile`], [`GapRow`], [`HistoryEntry`], [`OpenReferral`], and the appraisal
//!   [`Brief`] with a [`BriefSystem`] per system.
//! - Aggregates: [`Cell`] (a figure or a withheld one), [`Suppressor`] and its [`Suppression`]
//!   statement; training [`Demand`]; [`Progress`] from a baseline to a follow-up (rows of
//!   [`DayFigures`]); the [`UnitView`]; the equality follow-up's breakdown [`By`] gender
//!   ([`GenderGroup`], [`GenderFigures`], [`CourseCompletions`]).
//! - Digital maturity: [`MaturityReport`], a framework's capabilities on two days per unit, with
//!   the [`SkillShares`] of people at their targets beside them.
//! - Self-assessment rounds: [`Round`], the [`RoundForms`] to print, the [`RoundStatus`].
//!
//! # Example
//! ```
//! use skillreg_core::view::Suppressor;
//!
//! // 2 of 6 people at target: the 6 is shown, the 2 (and the share that gives it back) withheld.
//! let mut s = Suppressor::new(5);
//! assert_eq!(s.count(6).value, Some(6));
//! assert!(s.count_within(2, 6).suppressed);
//! assert!(s.share(2, 6, 3).suppressed);
//! assert_eq!(s.finish().n_suppressed, 2);
//! Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod by;
mod group;
mod maturity;
mod person;
mod report;
mod round;
mod suppress;
mod talk;
mod unit;

pub use by::{By, CourseCompletions, GenderCount, GenderFigures, GenderGroup};
pub use group::{GroupFigures, GroupRound, GroupsReport};
pub use maturity::{
    CapabilityRef, FrameworkRef, MaturityFigures, MaturityGroup, MaturityReport, MaturityRow,
    SkillDay, SkillShares,
};
pub use person::{
    AgreementState, Brief, BriefSystem, DEFAULT_EXPIRING_DAYS, GapRow, HistoryEntry, OpenReferral,
    Profile,
};
pub use report::{
    Breakdown, Change, CourseDemand, DayFigures, Demand, DemandFilter, GroupCount, MissingCourse,
    Progress, ProgressRow, ReportFilter, Turnover, UnmetNeed,
};
pub use round::{FormSystem, Round, RoundForm, RoundForms, RoundStatus, Unanswered, UnitResponse};
pub use suppress::{Cell, DEFAULT_MIN_GROUP, Suppression, Suppressor, round};
pub use talk::{TalkCoverage, TalkDue, TalksDue, UnitTalkCoverage};
pub use unit::{SystemFigures, UnitOccupation, UnitPerson, UnitShape, UnitView};
