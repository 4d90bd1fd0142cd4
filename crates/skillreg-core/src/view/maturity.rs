//! The organisation's digital maturity: a baseline compared with a follow-up, per capability
//! of a framework, per unit and for everyone, beside the unit's share of people at their skill
//! targets on the same two days. Every figure is a [`Cell`].

use chrono::NaiveDate;
use serde::Serialize;

use super::{Cell, Suppression};

/// The framework a report is over, as far as a reader needs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FrameworkRef {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its version.
    pub version: String,
    /// The names of its steps, step 1 first.
    pub steps: Vec<String>,
}

/// A capability's id and name, in the framework's order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CapabilityRef {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
}

/// One capability of one group on one day.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MaturityFigures {
    /// Respondents with an answer for the capability (their latest on or before the day).
    pub n_respondents: Cell<u64>,
    /// The median step of those answers.
    pub median: Cell<f64>,
    /// How many answers chose each step, step 1 first.
    pub distribution: Vec<Cell<u64>>,
}

/// One capability in a group: baseline, follow-up and the change of the median.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MaturityRow {
    /// Capability id.
    pub capability: String,
    /// The baseline (`from`).
    pub from: MaturityFigures,
    /// The follow-up (`to`).
    pub to: MaturityFigures,
    /// Follow-up median minus baseline median.
    pub change: Cell<f64>,
}

/// A group's share of people at every one of their skill targets on one day.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SkillDay {
    /// Active people with at least one target.
    pub n_people: Cell<u64>,
    /// Of them, people at or above every target.
    pub n_at_targets: Cell<u64>,
    /// `n_at_targets / n_people` (0-1).
    pub share_at_targets: Cell<f64>,
}

/// The skills beside the maturity: the share of people at all their targets on both days.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SkillShares {
    /// The baseline day.
    pub from: SkillDay,
    /// The follow-up day.
    pub to: SkillDay,
    /// Second share minus first.
    pub change: Cell<f64>,
}

/// One group of a maturity report: everyone, or a unit and the units below it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MaturityGroup {
    /// Unit id; `None` = everyone in the report's scope.
    pub unit: Option<String>,
    /// The unit's name (empty for everyone).
    pub unit_name: String,
    /// Respondents with at least one answer, on the baseline day.
    pub n_respondents_from: Cell<u64>,
    /// Respondents with at least one answer, on the follow-up day.
    pub n_respondents_to: Cell<u64>,
    /// One row per capability, in the framework's order.
    pub rows: Vec<MaturityRow>,
    /// The share of people at their skill targets on the same two days.
    pub skills: SkillShares,
}

/// The organisation's digital maturity on two days, per capability, unit and for everyone.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MaturityReport {
    /// The framework.
    pub framework: FrameworkRef,
    /// Its capabilities, in order (the rows of every group follow it).
    pub capabilities: Vec<CapabilityRef>,
    /// The baseline day.
    pub from: NaiveDate,
    /// The follow-up day.
    pub to: NaiveDate,
    /// Only this unit and the units below it; `None` = everyone.
    pub unit: Option<String>,
    /// Everyone first (`unit` = `None`), then each unit with answers, by id.
    pub groups: Vec<MaturityGroup>,
    /// How the figures were computed, in words.
    pub method: String,
    /// What was withheld.
    pub suppression: Suppression,
}
