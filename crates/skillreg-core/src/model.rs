//! The things the registry knows about (docs/src/things.md).

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A proficiency level in one system. "Not assessed" is not a level: it is `Option::None`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(into = "u8", try_from = "u8")]
pub enum Level {
    /// 1: basic.
    Basic = 1,
    /// 2: independent.
    Independent = 2,
    /// 3: advanced.
    Advanced = 3,
    /// 4: expert.
    Expert = 4,
}

/// In JSON a level is its number, 1 to 4.
#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Level {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, SchemaType, Type};
        ObjectBuilder::new()
            .schema_type(SchemaType::Type(Type::Integer))
            .minimum(Some(1))
            .maximum(Some(4))
            .description(Some(
                "A proficiency level: 1 basic, 2 independent, 3 advanced, 4 expert.",
            ))
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Level {}

impl Level {
    /// All four levels, lowest first.
    pub const ALL: [Level; 4] = [
        Level::Basic,
        Level::Independent,
        Level::Advanced,
        Level::Expert,
    ];

    /// The level for a number 1-4, or `None`.
    pub fn new(n: u8) -> Option<Level> {
        match n {
            1 => Some(Level::Basic),
            2 => Some(Level::Independent),
            3 => Some(Level::Advanced),
            4 => Some(Level::Expert),
            _ => None,
        }
    }

    /// The number 1-4.
    pub fn number(self) -> u8 {
        self as u8
    }

    /// English label ("basic", "independent", "advanced", "expert").
    pub fn label(self) -> &'static str {
        match self {
            Level::Basic => "basic",
            Level::Independent => "independent",
            Level::Advanced => "advanced",
            Level::Expert => "expert",
        }
    }
}

impl From<Level> for u8 {
    fn from(level: Level) -> u8 {
        level.number()
    }
}

impl TryFrom<u8> for Level {
    type Error = String;
    fn try_from(n: u8) -> Result<Level, String> {
        Level::new(n).ok_or_else(|| format!("level must be 1-4, got {n}"))
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.number())
    }
}

impl FromStr for Level {
    type Err = String;
    /// Exactly `1`, `2`, `3` or `4`: no sign, no leading zero, no space (`+3`, `03` and ` 3` are
    /// refused, as a number parser would take them). Every adapter parses levels through this
    /// or [`Level::parse_exact`].
    fn from_str(s: &str) -> Result<Level, String> {
        Level::parse_exact(s)
            .ok_or_else(|| format!("level must be a number 1-4, got {}", crate::text::quoted(s)))
    }
}

impl Level {
    /// The level written exactly as `1`, `2`, `3` or `4`, or `None`.
    ///
    /// ```
    /// use skillreg_core::Level;
    ///
    /// assert_eq!(Level::parse_exact("3"), Some(Level::Advanced));
    /// for bad in ["+3", "03", " 3", "3 ", "３", "3.0", "0", "5", ""] {
    ///     assert_eq!(Level::parse_exact(bad), None, "{bad:?}");
    /// }
    /// Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn parse_exact(s: &str) -> Option<Level> {
        match s {
            "1" => Some(Level::Basic),
            "2" => Some(Level::Independent),
            "3" => Some(Level::Advanced),
            "4" => Some(Level::Expert),
            _ => None,
        }
    }
}

/// The first year a piece of evidence may be dated in: nobody assessed a digital competence
/// before 1900, so an earlier date is a typo or a placeholder (`0001-01-01`).
pub const EARLIEST_EVIDENCE_YEAR: i32 = 1900;

/// Why a day cannot date a piece of evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EvidenceDayFault {
    /// Before 1900-01-01 ([`EARLIEST_EVIDENCE_YEAR`]).
    TooEarly,
    /// After the latest day the evidence can be from (a snapshot's export day, or today).
    AfterLatest,
}

/// Whether `day` can date a piece of evidence (an assessment, a course result) that cannot be
/// later than `latest`.
///
/// ```
/// use chrono::NaiveDate;
/// use skillreg_core::model::{check_evidence_day, EvidenceDayFault};
///
/// let export = NaiveDate::from_ymd_opt(2026, 11, 20).ok_or("bad date")?;
/// let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).ok_or("bad date");
/// assert_eq!(check_evidence_day(day(2026, 11, 20)?, Some(export)), Ok(()));
/// assert_eq!(check_evidence_day(day(2026, 11, 21)?, Some(export)), Err(EvidenceDayFault::AfterLatest));
/// assert_eq!(check_evidence_day(day(1899, 12, 31)?, None), Err(EvidenceDayFault::TooEarly));
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn check_evidence_day(
    day: NaiveDate,
    latest: Option<NaiveDate>,
) -> Result<(), EvidenceDayFault> {
    if chrono::Datelike::year(&day) < EARLIEST_EVIDENCE_YEAR {
        Err(EvidenceDayFault::TooEarly)
    } else if latest.is_some_and(|latest| day > latest) {
        Err(EvidenceDayFault::AfterLatest)
    } else {
        Ok(())
    }
}

/// An organisational unit; units form a tree through `parent`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrgUnit {
    /// Stable id, e.g. `SOC-HT`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Id of the parent unit, if any.
    pub parent: Option<String>,
}

/// An occupational group (yrkesgrupp / yrkesgruppe).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Occupation {
    /// Code, e.g. `USK`.
    pub code: String,
    /// Display name.
    pub name: String,
}

/// A target group of the roll-out: occupations (optionally only in some units) that are mapped
/// and trained together, in one phase of the programme ("stage two: the social services' base
/// staff"). Groups come from the TOML catalog (`[[groups]]`); no HR export states them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Group {
    /// Code, e.g. `STEG2`.
    pub code: String,
    /// Display name.
    pub name: String,
    /// The occupation codes in the group (at least one).
    pub occupations: Vec<String>,
    /// Unit ids: only employments in these units and the units below them; empty = every unit.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub units: Vec<String>,
    /// The phase (stage) of the roll-out the group belongs to, 1 first.
    pub phase: u32,
}

impl Group {
    /// Whether an employment in `occupation` at `unit` belongs to the group: the occupation is
    /// one of the group's and the unit is one of its units or below one (any unit when the
    /// group names none).
    ///
    /// ```
    /// use skillreg_core::{Group, OrgTree, OrgUnit};
    ///
    /// let unit = |id: &str, parent: Option<&str>| OrgUnit {
    ///     id: id.into(), name: id.into(), parent: parent.map(str::to_string),
    /// };
    /// let tree = OrgTree::new(&[unit("SOC", None), unit("SOC-HT", Some("SOC")), unit("UTB", None)]);
    /// let group = Group {
    ///     code: "STEG1".into(), name: "Steg 1".into(), phase: 1,
    ///     occupations: vec!["USK".into()], units: vec!["SOC".into()],
    /// };
    /// assert!(group.covers(&tree, "SOC-HT", "USK"));
    /// assert!(!group.covers(&tree, "UTB", "USK"));
    /// assert!(!group.covers(&tree, "SOC-HT", "ADM"));
    /// Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn covers(&self, tree: &crate::OrgTree, unit: &str, occupation: &str) -> bool {
        self.occupations.iter().any(|o| o == occupation)
            && (self.units.is_empty() || self.units.iter().any(|u| tree.is_within(unit, u)))
    }
}

/// A digital system in use, with a local description of each level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct System {
    /// Code, e.g. `LIFECARE`.
    pub code: String,
    /// Display name.
    pub name: String,
    /// Vendor, if known.
    pub vendor: Option<String>,
    /// What levels 1-4 mean in this system (index 0 = level 1).
    pub level_descriptions: [Option<String>; 4],
}

impl System {
    /// The local description of `level`, if one is set.
    pub fn description(&self, level: Level) -> Option<&str> {
        self.level_descriptions[usize::from(level.number() - 1)].as_deref()
    }
}

/// An occupation should reach `level` in `system`, optionally only in `unit` and below.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Requirement {
    /// Occupation code.
    pub occupation: String,
    /// System code.
    pub system: String,
    /// The level to reach.
    pub level: Level,
    /// Org unit id: the requirement applies to that unit and the units below it.
    pub unit: Option<String>,
}

/// A course that grants a level in a system.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Course {
    /// Code, e.g. `LC-DOK`.
    pub code: String,
    /// Display name.
    pub name: String,
    /// System code.
    pub system: String,
    /// The level a completed course grants.
    pub grants: Level,
    /// Months a result stays valid; `None` = never expires.
    pub valid_months: Option<u32>,
    /// The occupation codes the course is made for (training tailored per occupational group);
    /// empty = made for everyone.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub audience: Vec<String>,
}

impl Course {
    /// Whether the course is made for someone in one of `occupations` (rule 6): it has no
    /// audience, or its audience holds one of them.
    ///
    /// ```
    /// # use skillreg_core::{Course, Level};
    /// let course = Course {
    ///     code: "TC-PERS".into(),
    ///     name: "Timecare för personal".into(),
    ///     system: "TIMECARE".into(),
    ///     grants: Level::Basic,
    ///     valid_months: None,
    ///     audience: vec!["USK".into(), "SSK".into()],
    /// };
    /// assert!(course.is_made_for(["USK"]));
    /// assert!(!course.is_made_for(["ECH"]));
    /// ```
    pub fn is_made_for<'a>(&self, occupations: impl IntoIterator<Item = &'a str>) -> bool {
        if self.audience.is_empty() {
            return true;
        }
        occupations
            .into_iter()
            .any(|o| self.audience.iter().any(|a| a == o))
    }

    /// The first day on which a result completed on `completed` is no longer valid, if it expires.
    ///
    /// A 24-month course completed 2023-04-18 is valid up to and including 2025-04-17 and has
    /// expired on 2025-04-18. Month arithmetic clamps to the end of a shorter month.
    pub fn expiry(&self, completed: NaiveDate) -> Option<NaiveDate> {
        expiry_date(completed, self.valid_months)
    }
}

/// See [`Course::expiry`].
pub fn expiry_date(completed: NaiveDate, valid_months: Option<u32>) -> Option<NaiveDate> {
    let months = valid_months.filter(|m| *m > 0)?;
    Some(
        completed
            .checked_add_months(chrono::Months::new(months))
            .unwrap_or(NaiveDate::MAX),
    )
}

/// One employment of a person. `end` is the last day (inclusive).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Employment {
    /// Org unit id.
    pub unit: String,
    /// Occupation code.
    pub occupation: String,
    /// Percent of full time, 1-100.
    pub percent: Option<u8>,
    /// First day.
    pub start: NaiveDate,
    /// Last day (inclusive); `None` = ongoing.
    pub end: Option<NaiveDate>,
    /// Employee number of the manager.
    pub manager: Option<String>,
    /// Whether this is the person's primary employment.
    pub primary: bool,
}

impl Employment {
    /// Active on `day`: started on or before it and not ended before it.
    pub fn is_active(&self, day: NaiveDate) -> bool {
        self.start <= day && self.end.is_none_or(|end| end >= day)
    }
}

/// A person in the registry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Employee {
    /// The stable employee number (never a national identity number).
    pub employee_no: String,
    /// Given name.
    pub given_name: String,
    /// Family name.
    pub family_name: String,
    /// Work email.
    pub email: Option<String>,
    /// Employments, past and present.
    pub employments: Vec<Employment>,
}

impl Employee {
    /// "Given Family".
    pub fn full_name(&self) -> String {
        format!("{} {}", self.given_name, self.family_name)
    }

    /// Active on `day`: has an employment active on that day.
    pub fn is_active(&self, day: NaiveDate) -> bool {
        self.employments.iter().any(|e| e.is_active(day))
    }

    /// The primary employment among those active on `day` (or the first active one).
    pub fn primary_employment(&self, day: NaiveDate) -> Option<&Employment> {
        let mut active = self.employments.iter().filter(|e| e.is_active(day));
        let first = active.clone().next();
        active.find(|e| e.primary).or(first)
    }
}

/// What kind of evidence a record is.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EvidenceKind {
    /// The employee's own rating.
    SelfAssessment,
    /// A manager's rating.
    ManagerAssessment {
        /// Employee number (or user name) of the assessor, if known.
        assessor: Option<String>,
    },
    /// A completed course. `course` is `None` when the source only said "granted by a course".
    CourseResult {
        /// Course code.
        course: Option<String>,
        /// First day the result is no longer valid, if it expires.
        expires: Option<NaiveDate>,
    },
}

impl EvidenceKind {
    /// Short name: `self`, `manager` or `course`.
    pub fn name(&self) -> &'static str {
        match self {
            EvidenceKind::SelfAssessment => "self",
            EvidenceKind::ManagerAssessment { .. } => "manager",
            EvidenceKind::CourseResult { .. } => "course",
        }
    }
}

/// One dated piece of evidence about a person's level in a system.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Evidence {
    /// System code.
    pub system: String,
    /// The level the evidence states (for a course: the level it grants).
    pub level: Level,
    /// The day it applies from (assessment date or completion date).
    pub date: NaiveDate,
    /// Self, manager or course result.
    #[serde(flatten)]
    pub kind: EvidenceKind,
}

/// A manager's referral of an employee to a course.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Referral {
    /// Course code.
    pub course: String,
    /// The day the referral was made.
    pub created: NaiveDate,
    /// Optional due date.
    pub due: Option<NaiveDate>,
    /// The day it was cancelled, if it was.
    pub cancelled: Option<NaiveDate>,
    /// Who referred (a manager's employee number or a user name).
    pub referred_by: Option<String>,
}
