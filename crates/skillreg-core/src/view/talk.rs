//! Appraisal talks planned and followed up: who is due for a talk, and HR's coverage per unit.

use chrono::NaiveDate;
use serde::Serialize;

use super::{Cell, Suppression};

/// A person due for an appraisal talk (or due soon).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TalkDue {
    /// Employee number.
    pub employee_no: String,
    /// Full name.
    pub name: String,
    /// The day of their last talk, if they had one.
    pub last_talk: Option<NaiveDate>,
    /// The day the next talk is due (the last one plus the interval); `None` when they never had
    /// one, which makes them due now.
    pub due: Option<NaiveDate>,
}

/// The people of a scope who are due for a talk, soonest first (those who never had one first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TalksDue {
    /// The day asked about.
    pub as_of: NaiveDate,
    /// Months between talks.
    pub interval_months: u32,
    /// Also those whose talk falls due within this many days after `as_of`.
    pub within_days: u32,
    /// The people, soonest first.
    pub people: Vec<TalkDue>,
}

/// How many of a unit's active people had a talk within the interval (a unit includes the units
/// below it).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitTalkCoverage {
    /// Unit id.
    pub unit: String,
    /// Unit name.
    pub name: String,
    /// Active people (primary employment in the unit or below it).
    pub n_people: Cell<u64>,
    /// Of them, people with a talk within the interval.
    pub n_with_talk: Cell<u64>,
    /// `n_with_talk` over `n_people` (0-1).
    pub share_with_talk: Cell<f64>,
}

/// HR's view of the talks: coverage per unit, suppressed like every aggregate.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TalkCoverage {
    /// The day.
    pub as_of: NaiveDate,
    /// Months between talks.
    pub interval_months: u32,
    /// Everyone active, then each unit in the tree's order.
    pub units: Vec<UnitTalkCoverage>,
    /// What was withheld.
    pub suppression: Suppression,
}
