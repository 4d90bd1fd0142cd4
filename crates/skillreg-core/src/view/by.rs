//! The equality follow-up's breakdown of the aggregate reports: `--by gender` splits the
//! progress report's rows, the demand's counts and the course completions into women, men,
//! other and not stated, through the same [`Suppressor`](super::Suppressor) (and its
//! [`parts`](super::Suppressor::parts) rule, so that a whole minus the parts shown never gives a
//! withheld part back).

use serde::Serialize;

use super::{Cell, Change, DayFigures};
use crate::Gender;

/// What a report is broken down by, besides its units and occupations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum By {
    /// Women, men, other and not stated (the equality follow-up).
    Gender,
}

/// One group of a gender breakdown: a gender, or nobody stated one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum GenderGroup {
    /// Stated female.
    Female,
    /// Stated male.
    Male,
    /// Stated other.
    Other,
    /// Not stated (the source does not say, or its mapping does not ask).
    Unknown,
}

impl GenderGroup {
    /// The four groups, in the order reports show them.
    pub const ALL: [GenderGroup; 4] = [
        GenderGroup::Female,
        GenderGroup::Male,
        GenderGroup::Other,
        GenderGroup::Unknown,
    ];

    /// The group of a person with `gender` held (`None`: not stated).
    ///
    /// ```
    /// use skillreg_core::Gender;
    /// use skillreg_core::view::GenderGroup;
    /// assert_eq!(GenderGroup::of(Some(Gender::Male)).code(), "male");
    /// assert_eq!(GenderGroup::of(None).code(), "unknown");
    /// ```
    pub fn of(gender: Option<Gender>) -> GenderGroup {
        match gender {
            Some(Gender::Female) => GenderGroup::Female,
            Some(Gender::Male) => GenderGroup::Male,
            Some(Gender::Other) => GenderGroup::Other,
            None => GenderGroup::Unknown,
        }
    }

    /// Its place in [`GenderGroup::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// `female`, `male`, `other` or `unknown` (JSON, CSV).
    pub fn code(self) -> &'static str {
        match self {
            GenderGroup::Female => "female",
            GenderGroup::Male => "male",
            GenderGroup::Other => "other",
            GenderGroup::Unknown => "unknown",
        }
    }
}

/// A count of people of one gender group.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GenderCount {
    /// The group.
    pub gender: GenderGroup,
    /// People.
    pub count: Cell<u64>,
}

/// One gender group's figures in a progress row.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GenderFigures {
    /// The group.
    pub gender: GenderGroup,
    /// The first day.
    pub from: DayFigures,
    /// The second day.
    pub to: DayFigures,
    /// Second minus first.
    pub change: Change,
}

/// The people who completed one course between the report's two days (each counted once,
/// however often they completed it), in the report's scope on either day.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CourseCompletions {
    /// Course code.
    pub course: String,
    /// Course name.
    pub name: String,
    /// People who completed it.
    pub n_people: Cell<u64>,
    /// The same, per gender group (with `--by gender`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub by_gender: Vec<GenderCount>,
}
