//! What the registry says of one person: a profile, gaps, history, and the appraisal brief.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::rules::StandingChange;
use crate::{Employee, Employment, Evidence, Expiring, Level, Standing};

/// One gap: a system where someone's current level is below their target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GapRow {
    /// Employee number.
    pub employee_no: String,
    /// Full name.
    pub name: String,
    /// System code.
    pub system: String,
    /// Target level.
    pub target: Option<Level>,
    /// Current level (None = not assessed).
    pub current: Option<Level>,
    /// Where the current level comes from: `confirmed`, `self` or `none`.
    pub current_source: String,
    /// Target minus current.
    pub gap: u8,
    /// Recommended course codes.
    pub recommended_courses: Vec<String>,
}

/// One person with every system's standing on a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Profile {
    /// The employee with all employments.
    pub employee: Employee,
    /// The day.
    pub as_of: NaiveDate,
    /// Active on that day.
    pub active: bool,
    /// One per system with a target or evidence.
    pub systems: Vec<Standing>,
    /// The gender the owning source stated: filled only for HR and the person themself, never
    /// in a team or unit view (the equality follow-up reads it in aggregate only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<crate::Gender>,
}

/// One entry of a person's evidence history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HistoryEntry {
    /// Sequence number in the registry (recording order).
    pub id: i64,
    /// The evidence.
    #[serde(flatten)]
    pub evidence: Evidence,
    /// Which adapter brought it (`wlx` ...) or `registry`.
    pub source: String,
    /// The sync run that brought it.
    pub run_id: Option<i64>,
    /// The user who entered it.
    pub entered_by: Option<String>,
}

/// An open referral, as shown in a brief.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OpenReferral {
    /// Course code.
    pub course: String,
    /// System the course is on.
    pub system: String,
    /// Level it grants.
    pub grants: Level,
    /// Day referred.
    pub created: NaiveDate,
    /// Due day.
    pub due: Option<NaiveDate>,
    /// Past its due day.
    pub overdue: bool,
}

/// The appraisal brief: everything a manager needs before the talk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Brief {
    /// Employee number.
    pub employee_no: String,
    /// Full name.
    pub name: String,
    /// The day the brief describes.
    pub as_of: NaiveDate,
    /// "What changed" is counted from this day.
    pub since: NaiveDate,
    /// Active on `as_of`.
    pub active: bool,
    /// Primary unit on `as_of`.
    pub unit: Option<String>,
    /// Primary occupation on `as_of`.
    pub occupation: Option<String>,
    /// Manager on `as_of`.
    pub manager: Option<String>,
    /// The manager's name, if the registry knows the manager.
    pub manager_name: Option<String>,
    /// Every employment active on `as_of`, the primary one first (a person may hold several
    /// roles).
    pub roles: Vec<Employment>,
    /// Every system with a target or evidence.
    pub systems: Vec<BriefSystem>,
    /// Open referrals.
    pub open_referrals: Vec<OpenReferral>,
    /// Course results expiring soon: within `expiring_days` of `as_of`.
    pub expiring: Vec<Expiring>,
    /// The window of `expiring`, in days (rule 7: 90 unless configured).
    #[serde(default = "default_expiring_days")]
    pub expiring_days: u32,
    /// Systems whose level, target or gap moved since `since`.
    pub changes: Vec<StandingChange>,
    /// Evidence dated after `since`, up to `as_of`.
    pub new_evidence: Vec<HistoryEntry>,
    /// The day of the last appraisal talk on or before `as_of`, if any.
    #[serde(default)]
    pub last_talk: Option<NaiveDate>,
    /// What was agreed at that talk, each with where it stands on `as_of`.
    #[serde(default)]
    pub agreements: Vec<AgreementState>,
    /// The gender the owning source stated: filled only for HR and the person themself (a
    /// manager preparing the talk never sees it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<crate::Gender>,
}

/// An agreement of the last talk and where it stands on the brief's day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgreementState {
    /// What was agreed (`kind`: `level` with `system` and `level`, or `course` with `course`)
    /// and when it is due.
    #[serde(flatten)]
    pub agreement: crate::talk::Agreement,
    /// Met, not yet, or overdue.
    pub status: crate::talk::AgreementStatus,
}

/// The expiring window of a brief that does not state one (rule 7).
fn default_expiring_days() -> u32 {
    DEFAULT_EXPIRING_DAYS
}

/// Course results expiring within this many days are reported unless configured otherwise
/// (rule 7).
pub const DEFAULT_EXPIRING_DAYS: u32 = 90;

/// One system in a brief: the standing plus the system's name and what the levels mean.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BriefSystem {
    /// Standing (system, target, current, current_source, confirmed, self, gap, courses).
    #[serde(flatten)]
    pub standing: Standing,
    /// The system's display name.
    pub name: String,
    /// What the target level means locally.
    pub target_description: Option<String>,
}
