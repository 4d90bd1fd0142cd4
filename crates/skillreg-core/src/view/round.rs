//! Self-assessment rounds as the registry holds them: the round, each person's form, and how
//! far the answers have come.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::Level;

/// A round as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Round {
    /// The round's number.
    pub id: i64,
    /// Occupation code.
    pub occupation: String,
    /// Occupation name.
    pub occupation_name: String,
    /// Unit id, if the round is limited to a unit.
    pub unit: Option<String>,
    /// Opening day.
    pub opened: NaiveDate,
    /// Closing day.
    pub closes: NaiveDate,
    /// Who opened it.
    pub opened_by: String,
    /// The target group it was opened for, if it was opened for one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// People asked.
    pub n_people: u64,
}

/// One person's form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoundForm {
    /// Employee number.
    pub employee_no: String,
    /// Full name.
    pub name: String,
    /// Work email, for sending the form.
    pub email: Option<String>,
    /// The unit the person is counted in.
    pub unit: String,
    /// That unit's name.
    pub unit_name: String,
    /// The systems to rate.
    pub systems: Vec<FormSystem>,
}

/// One system on a form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FormSystem {
    /// System code.
    pub system: String,
    /// System name.
    pub name: String,
    /// What levels 1-4 mean in this system locally (index 0 = level 1).
    pub level_descriptions: [Option<String>; 4],
    /// The person's latest self-assessment before the forms were made, and its day.
    pub last_self: Option<(Level, NaiveDate)>,
}

/// A round and every person's form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoundForms {
    /// The round.
    pub round: Round,
    /// One form per person asked, by employee number.
    pub forms: Vec<RoundForm>,
}

/// The response rate of one unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitResponse {
    /// Unit id.
    pub unit: String,
    /// Unit name.
    pub unit_name: String,
    /// People asked who are still active.
    pub n_asked: u64,
    /// Of those, people who answered at least one system.
    pub n_answered: u64,
    /// Of those, people who answered every system on their form.
    pub n_complete: u64,
    /// `n_answered / n_asked`, `None` when nobody is asked.
    pub rate: Option<f64>,
    /// The unit's figures are withheld (all zero, no rate): a viewer's unit with fewer people
    /// asked than the smallest group shown.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub withheld: bool,
}

/// Someone who has not answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Unanswered {
    /// Employee number.
    pub employee_no: String,
    /// Full name.
    pub name: String,
    /// Work email.
    pub email: Option<String>,
    /// Unit id.
    pub unit: String,
    /// Manager's employee number (for reminders through the manager).
    pub manager: Option<String>,
}

/// How far a round has come, as of a day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoundStatus {
    /// The round.
    pub round: Round,
    /// The day the status describes.
    pub as_of: NaiveDate,
    /// Past the closing day.
    pub closed: bool,
    /// Per unit, by unit id.
    pub units: Vec<UnitResponse>,
    /// Every unit together.
    pub total: UnitResponse,
    /// People asked who are no longer active (not counted above).
    pub n_left: u64,
    /// Active people asked who have not answered, by unit then employee number.
    pub unanswered: Vec<Unanswered>,
}
