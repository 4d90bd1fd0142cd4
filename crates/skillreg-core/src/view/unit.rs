//! The unit view: a unit and the units below it as a matrix against the systems.

use chrono::NaiveDate;
use serde::Serialize;

use super::{Cell, Suppression};
use crate::Standing;

/// What the rows of a [`UnitView`] are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum UnitShape {
    /// One row per person.
    People,
    /// One row per occupation.
    Occupations,
}

/// One person of a unit view: their standing in every system that matters to them.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitPerson {
    /// Employee number.
    pub employee_no: String,
    /// Full name.
    pub name: String,
    /// Occupation codes of their active employments in the unit, sorted.
    pub occupations: Vec<String>,
    /// Standings, by system code.
    pub systems: Vec<Standing>,
}

/// The figures of one occupation (or everyone) in one system.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SystemFigures {
    /// System code.
    pub system: String,
    /// People with a target in the system.
    pub n_with_target: Cell<u64>,
    /// Of them, people at or above their target.
    pub n_at_target: Cell<u64>,
    /// Their mean current level, not assessed counted as 0 (2 decimals).
    pub mean_level: Cell<f64>,
    /// Their mean gap (rule 5, 2 decimals): 0 when everyone is at target.
    pub mean_gap: Cell<f64>,
}

/// One occupation of a unit view.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitOccupation {
    /// Occupation code.
    pub occupation: String,
    /// People in the unit with an active employment in it.
    pub n_people: Cell<u64>,
    /// Per system of the view, in the same order; systems where nobody has a target have
    /// zero counts and no means.
    pub systems: Vec<SystemFigures>,
}

/// A unit and the units below it against the systems on one day, as the store's
/// `Registry::unit_view` makes it (its docs say who is in the unit and how the rows are chosen).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitView {
    /// Unit id; `None` for the whole organisation (the store's `UnitScope::Everyone`).
    pub unit: Option<String>,
    /// Unit name; `None` for the whole organisation.
    pub unit_name: Option<String>,
    /// Only the people of this manager (the store's `UnitScope::Manager`, and every unit view
    /// a manager reads).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manager: Option<String>,
    /// The day.
    pub as_of: NaiveDate,
    /// People, or occupations.
    pub shape: UnitShape,
    /// The largest unit shown person by person.
    pub max_people: usize,
    /// People in the unit (not withheld: the shape tells it anyway).
    pub n_people: u64,
    /// System codes that matter to anyone in the unit, catalog order.
    pub systems: Vec<String>,
    /// The people rows, by employee number (empty in the occupations shape).
    pub people: Vec<UnitPerson>,
    /// The occupation rows, by code (empty in the people shape).
    pub occupations: Vec<UnitOccupation>,
    /// Everyone in the unit, per system (the totals under the matrix).
    pub totals: Vec<SystemFigures>,
    /// What was withheld.
    pub suppression: Suppression,
}
