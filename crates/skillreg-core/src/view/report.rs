//! The aggregate reports for managers and HR: training demand and a baseline compared with a
//! follow-up. Every figure is a [`Cell`]: a count, a share or a mean over a group, or withheld.

use chrono::NaiveDate;
use serde::Serialize;

use super::{Cell, Suppression};
use crate::Level;

/// A count of people in one group.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupCount {
    /// Occupation code or unit id.
    pub group: String,
    /// People.
    pub count: Cell<u64>,
}

/// A count of people, in total and per occupation and unit. Groups with nobody are left out.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Breakdown {
    /// Everyone in the report's scope (each person once).
    pub total: Cell<u64>,
    /// Per occupation code, sorted.
    pub by_occupation: Vec<GroupCount>,
    /// Per unit id (a unit includes the units below it), sorted.
    pub by_unit: Vec<GroupCount>,
    /// Per gender group (with `--by gender`): these add up to the total.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub by_gender: Vec<super::GenderCount>,
}

/// Which people a report (demand, progress) covers; empty = everyone active. The conditions
/// add up: an employment counts when it matches every one given.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DemandFilter {
    /// Only employments in this unit or below it.
    pub unit: Option<String>,
    /// Only employments in this occupation.
    pub occupation: Option<String>,
    /// Only employments in this target group (one of its occupations, in one of its units).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// Only the employments of this manager's people: the manager's own and those under them
    /// or under someone below them (a manager's own aggregates are always narrowed to theirs).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub manager: Option<String>,
    /// Also break the figures down by this (the equality follow-up: gender).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<super::By>,
}

/// Which people a progress report covers: the same filter as the demand's.
pub type ReportFilter = DemandFilter;

/// Demand for one course.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CourseDemand {
    /// Course code.
    pub course: String,
    /// Course name.
    pub name: String,
    /// System the course is on.
    pub system: String,
    /// The level it grants.
    pub grants: Level,
    /// People for whom it is recommended and reaches their target (it would close the gap).
    pub closes: Breakdown,
    /// People for whom it is recommended but stays below their target (it narrows the gap).
    pub narrows: Breakdown,
    /// People with a gap on its system and an open referral to it.
    pub referred: Breakdown,
}

/// A (system, level) that people need and that no course they could take closes: the system
/// and level a new course would need.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnmetNeed {
    /// System code.
    pub system: String,
    /// The target level no course closes.
    pub level: Level,
    /// People with that target and a gap that no recommended or referred course closes.
    pub people: Breakdown,
}

/// A course to be made (rule 6): people of one occupational group with a gap in a system up to
/// a level that no course made for their group closes.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MissingCourse {
    /// Occupation code (of an active employment of the people counted).
    pub occupation: String,
    /// System code.
    pub system: String,
    /// The target level no course made for the group reaches.
    pub level: Level,
    /// People of that group with that gap, suppressed like every count.
    pub n_people: Cell<u64>,
}

/// The training demand report: which courses would close how many gaps, and which gaps no
/// course closes. The store's `Registry::demand` says who counts where.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Demand {
    /// The day.
    pub as_of: NaiveDate,
    /// The filter.
    pub filter: DemandFilter,
    /// Active people in scope.
    pub n_people: Cell<u64>,
    /// Of them, people with at least one gap.
    pub n_people_with_gaps: Cell<u64>,
    /// Every course in the catalog, by system, granted level, code.
    pub courses: Vec<CourseDemand>,
    /// Needs no course closes, by system and level.
    pub unmet: Vec<UnmetNeed>,
    /// Courses to be made for an occupational group: by occupation, system and level, the
    /// people with a gap that no course made for their group closes.
    pub missing_courses: Vec<MissingCourse>,
    /// The active people in scope per gender group (with `--by gender`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub people_by_gender: Vec<super::GenderCount>,
    /// What was withheld.
    pub suppression: Suppression,
}

/// The figures of one (unit, system) on one day.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DayFigures {
    /// Active people with a target in the system.
    pub n_people: Cell<u64>,
    /// Share of them at or above their target (0-1).
    pub share_at_target: Cell<f64>,
    /// Mean current level, not assessed counted as 0.
    pub mean_level: Cell<f64>,
    /// Of them, people not assessed in the system.
    pub n_not_assessed: Cell<u64>,
}

/// The change from the first day to the second.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = ProgressChange))]
pub struct Change {
    /// People with a target: second day minus first.
    pub n_people: Cell<i64>,
    /// Share at target, second minus first.
    pub share_at_target: Cell<f64>,
    /// Mean level, second minus first.
    pub mean_level: Cell<f64>,
}

/// One unit and system in a progress report.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProgressRow {
    /// Unit id (the unit and the units below it); `None` = everyone in the report's scope.
    pub unit: Option<String>,
    /// System code.
    pub system: String,
    /// The first day (baseline).
    pub from: DayFigures,
    /// The second day (follow-up).
    pub to: DayFigures,
    /// Second minus first.
    pub change: Change,
    /// The same figures per gender group (with `--by gender`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub by_gender: Vec<super::GenderFigures>,
}

/// Who was active on which day, and how that was handled.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Turnover {
    /// In scope on both days.
    pub n_both: Cell<u64>,
    /// In scope on the first day only (left, or moved out of the unit).
    pub n_left: Cell<u64>,
    /// In scope on the second day only (joined, or moved into the unit).
    pub n_joined: Cell<u64>,
    /// How they were handled, in words.
    pub handling: String,
}

/// A baseline measurement compared with a follow-up, per unit and system.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Progress {
    /// The first day.
    pub from: NaiveDate,
    /// The second day.
    pub to: NaiveDate,
    /// Only this unit and below it; `None` = everyone.
    pub unit: Option<String>,
    /// Only this occupation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub occupation: Option<String>,
    /// Only this target group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// Only the people of this manager.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manager: Option<String>,
    /// Joiners and leavers.
    pub people: Turnover,
    /// Everyone first (`unit` = `None`), then per unit id; systems sorted.
    pub rows: Vec<ProgressRow>,
    /// Broken down by (the equality follow-up: gender).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<super::By>,
    /// With `--by gender`: per course, the people who completed it between the two days, and
    /// per gender group.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub completions: Vec<super::CourseCompletions>,
    /// What was withheld.
    pub suppression: Suppression,
}
