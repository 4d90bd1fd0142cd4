//! The appraisal talk (medarbetarsamtal / medarbeidersamtale): that it took place, and what was
//! agreed at it, followed up at the next one. Pure: the store keeps the talks, this says where
//! each agreement stands on a day.
//!
//! Written-down choices where the rules are silent:
//! - A talk records no free text: conversation notes stay out of the registry (privacy).
//! - A **level agreement** (reach SYSTEM at LEVEL by DUE) is met on day D when the current level
//!   (rule 4) in that system on D reaches the level.
//! - A **course agreement** (take COURSE by DUE, recorded as a referral as well) is met on day D
//!   when a result for that course dated on or after the talk and on or before D is held.
//! - Otherwise an agreement is *overdue* once its due day has passed (the day after it), and
//!   *not yet* met before then or when it has no due day.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::model::{Evidence, EvidenceKind, Level};
use crate::rules::Standing;

/// What was agreed at a talk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Agreed {
    /// To reach `level` in `system`.
    Level {
        /// System code.
        system: String,
        /// The level to reach.
        level: Level,
    },
    /// To take `course` (recorded as a referral too).
    Course {
        /// Course code.
        course: String,
    },
}

/// One agreement of a talk, with the day it is due by, if any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Agreement {
    /// What was agreed.
    #[serde(flatten)]
    pub agreed: Agreed,
    /// The day it is due by.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<NaiveDate>,
}

/// A talk that took place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Talk {
    /// The day of the talk.
    pub date: NaiveDate,
    /// The manager who held it (their employee number), when a manager recorded it.
    pub held_by: Option<String>,
    /// What was agreed.
    pub agreements: Vec<Agreement>,
}

/// Where an agreement stands on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AgreementStatus {
    /// Done.
    Met,
    /// Not done, and not due yet (or no due day).
    NotYet,
    /// Not done, and its due day has passed.
    Overdue,
}

impl AgreementStatus {
    /// `met`, `not_yet` or `overdue`.
    pub fn name(self) -> &'static str {
        match self {
            AgreementStatus::Met => "met",
            AgreementStatus::NotYet => "not_yet",
            AgreementStatus::Overdue => "overdue",
        }
    }
}

/// Where `agreement`, made at a talk on `talk_day`, stands on `day`, given the person's
/// standings on `day` and their evidence (see the module documentation).
///
/// ```
/// use chrono::NaiveDate;
/// use skillreg_core::talk::{Agreed, Agreement, AgreementStatus, agreement_status};
/// let d = |s: &str| s.parse::<NaiveDate>();
/// let take = Agreement {
///     agreed: Agreed::Course { course: "TC-PERS".into() },
///     due: Some(d("2027-02-28")?),
/// };
/// let talk = d("2026-11-20")?;
/// let status = |day| agreement_status(&take, talk, &[], &[], day);
/// assert_eq!(status(d("2027-01-10")?), AgreementStatus::NotYet);
/// assert_eq!(status(d("2027-03-01")?), AgreementStatus::Overdue);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn agreement_status(
    agreement: &Agreement,
    talk_day: NaiveDate,
    standings: &[Standing],
    evidence: &[Evidence],
    day: NaiveDate,
) -> AgreementStatus {
    let met = match &agreement.agreed {
        Agreed::Level { system, level } => standings
            .iter()
            .find(|s| s.system == *system)
            .and_then(|s| s.current)
            .is_some_and(|current| current >= *level),
        Agreed::Course { course } => evidence.iter().any(|e| {
            e.date >= talk_day
                && e.date <= day
                && matches!(&e.kind, EvidenceKind::CourseResult { course: Some(c), .. } if c == course)
        }),
    };
    if met {
        AgreementStatus::Met
    } else if agreement.due.is_some_and(|due| due < day) {
        AgreementStatus::Overdue
    } else {
        AgreementStatus::NotYet
    }
}
