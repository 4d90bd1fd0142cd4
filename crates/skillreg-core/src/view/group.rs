//! The target groups of the roll-out, each with its phase, people, latest round and demand.

use chrono::NaiveDate;
use serde::Serialize;

use super::{Cell, Suppression};

/// The target groups as of a day ([`GroupsReport::groups`] by phase, then code).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupsReport {
    /// The day the figures describe.
    pub as_of: NaiveDate,
    /// One row per group.
    pub groups: Vec<GroupFigures>,
    /// What was withheld.
    pub suppression: Suppression,
}

/// One target group's figures. Counts and shares are withheld over too few people, like every
/// aggregate.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupFigures {
    /// Group code.
    pub code: String,
    /// Group name.
    pub name: String,
    /// The phase of the roll-out.
    pub phase: u32,
    /// Its occupation codes.
    pub occupations: Vec<String>,
    /// Its units (each with the units below it); empty = every unit.
    pub units: Vec<String>,
    /// Active people with an employment in the group.
    pub n_people: Cell<u64>,
    /// The group's latest rounds (those opened together for it), if any.
    pub latest_round: Option<GroupRound>,
    /// Of the people, those with a target in at least one system.
    pub n_with_target: Cell<u64>,
    /// Of those, the people at or above every target.
    pub n_at_target: Cell<u64>,
    /// `n_at_target / n_with_target`.
    pub share_at_target: Cell<f64>,
    /// The training demand: people with at least one gap.
    pub n_with_gaps: Cell<u64>,
    /// Of those, people with a gap that no course made for their occupation reaches (training
    /// still to be made for the group).
    pub n_without_course: Cell<u64>,
}

/// The response to a group's latest rounds, every round of the batch together.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupRound {
    /// The rounds' numbers.
    pub rounds: Vec<i64>,
    /// The opening day.
    pub opened: NaiveDate,
    /// The closing day.
    pub closes: NaiveDate,
    /// People asked who are still active.
    pub n_asked: Cell<u64>,
    /// Of those, people who answered at least one system.
    pub n_answered: Cell<u64>,
    /// `n_answered / n_asked`.
    pub rate: Cell<f64>,
}
