//! Data subject requests: everything held about one person ([`Registry::subject_export`]),
//! and erasure of the people who left ([`Registry::erase_terminated_before`]).
//!
//! Written-down choices where the rules are silent (docs/src/sync.md#erasure):
//! - **Who is erased.** A person whose every employment ended before the cutoff day: nobody
//!   with an ongoing employment, or one that ended on or after the cutoff, is touched.
//! - **What erasure does.** The person's row stays, with their employments and evidence, so that
//!   reports for past days still add up, but everything that names them goes: the employee
//!   number becomes `erased-<n>`, names, email and gender are emptied, their per-source digests are
//!   deleted, and their number is removed wherever it names them as someone's manager or
//!   assessor. What is left is a person with no name, in a unit and occupation, with levels.
//!   The audit trail keeps its rows (who read or changed what, when), but where they name an
//!   erased number they now say `erased-<n>`: the same person, without the name.
//! - **A source that still lists them.** Nothing that identifies an erased person is kept, not
//!   even a hash of their number (a hash of a short number is undone by trying every number).
//!   The registry keeps only the latest erasure's cutoff day. A record of someone the registry
//!   does not hold whose every employment ended before that day is never created: the record
//!   itself says the person left long ago, so a payroll file that still lists them brings
//!   nothing back. Someone rehired comes back as a new person with the employments that had not
//!   ended by the cutoff only (the earlier ones are still counted, without a name, under the
//!   erased person). References to a person left out that way (as someone's manager or
//!   assessor) name nobody and are dropped.
//! - **The run log and the other traces.** A refused sync's problems may quote a name or a
//!   number; the erasure replaces the person's number, names and email in the run log's
//!   messages, and their number in the audit trail and wherever it says who entered, referred
//!   or opened something. Freed pages are overwritten with zeros and the write-ahead log is
//!   checkpointed; if another process's read keeps the old pages alive, the erasure says so
//!   ([`Error::ErasureUnfinished`]) instead of claiming success.

mod erase;

pub use erase::Erasure;
pub(crate) use erase::LeaveOutLongGone;

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;
use skillreg_core::{CurrentSource, EvidenceKind, Level};

use crate::actor::Actor;
use crate::error::{Error, Result};
use crate::registry::Registry;
use crate::sql::{self, day_col};

/// Everything the registry holds about one person, with field names a person can read.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubjectExport {
    /// What the export is and what is not in it.
    #[serde(rename = "About this export")]
    pub about: &'static str,
    /// The day it was made.
    #[serde(rename = "Made on")]
    pub made_on: NaiveDate,
    /// Employee number.
    #[serde(rename = "Employee number")]
    pub employee_no: String,
    /// Given name.
    #[serde(rename = "Given name")]
    pub given_name: String,
    /// Family name.
    #[serde(rename = "Family name")]
    pub family_name: String,
    /// Work email.
    #[serde(rename = "Work email")]
    pub email: Option<String>,
    /// Gender, kept for the equality follow-up when the HR system's mapping asks for it
    /// (`female`, `male`, `other`; absent when not kept).
    #[serde(rename = "Gender", skip_serializing_if = "Option::is_none")]
    pub gender: Option<skillreg_core::Gender>,
    /// Every employment, past and present.
    #[serde(rename = "Employments")]
    pub employments: Vec<SubjectEmployment>,
    /// The levels as the registry computes them on `made_on`.
    #[serde(rename = "Levels today")]
    pub levels: Vec<SubjectLevel>,
    /// Every piece of evidence, in the order it was recorded.
    #[serde(rename = "Evidence")]
    pub evidence: Vec<SubjectEvidence>,
    /// Referrals to courses.
    #[serde(rename = "Referrals to courses")]
    pub referrals: Vec<SubjectReferral>,
    /// Self-assessment rounds the person was asked in.
    #[serde(rename = "Self-assessment rounds")]
    pub rounds: Vec<SubjectRound>,
    /// Appraisal talks with the person and what was agreed at each.
    #[serde(rename = "Appraisal talks")]
    pub talks: Vec<skillreg_core::talk::Talk>,
    /// How many employments of other people name this person as their manager.
    #[serde(rename = "Employments of others naming this person as manager")]
    pub n_managed_employments: u64,
    /// How many assessments of other people this person made as manager.
    #[serde(rename = "Assessments of others made by this person")]
    pub n_assessments_made: u64,
}

/// One employment in a [`SubjectExport`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubjectEmployment {
    /// Unit id.
    #[serde(rename = "Unit")]
    pub unit: String,
    /// Unit name.
    #[serde(rename = "Unit name")]
    pub unit_name: String,
    /// Occupation code.
    #[serde(rename = "Occupation")]
    pub occupation: String,
    /// Occupation name.
    #[serde(rename = "Occupation name")]
    pub occupation_name: String,
    /// Percent of full time.
    #[serde(rename = "Percent of full time")]
    pub percent: Option<u8>,
    /// First day.
    #[serde(rename = "First day")]
    pub start: NaiveDate,
    /// Last day.
    #[serde(rename = "Last day")]
    pub end: Option<NaiveDate>,
    /// Manager's employee number.
    #[serde(rename = "Manager's employee number")]
    pub manager: Option<String>,
    /// The primary employment.
    #[serde(rename = "Primary employment")]
    pub primary: bool,
}

/// One system's levels in a [`SubjectExport`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubjectLevel {
    /// System name and code.
    #[serde(rename = "System")]
    pub system: String,
    /// The level the role needs.
    #[serde(rename = "Target level")]
    pub target: Option<Level>,
    /// Confirmed by a manager or a course.
    #[serde(rename = "Confirmed level")]
    pub confirmed: Option<Level>,
    /// The person's own rating.
    #[serde(rename = "Self-assessed level")]
    pub self_level: Option<Level>,
    /// The level the registry counts.
    #[serde(rename = "Current level")]
    pub current: Option<Level>,
    /// Where the current level comes from.
    #[serde(rename = "Current level comes from")]
    pub current_source: &'static str,
    /// Levels short of the target.
    #[serde(rename = "Gap")]
    pub gap: u8,
}

/// One piece of evidence in a [`SubjectExport`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubjectEvidence {
    /// System name and code.
    #[serde(rename = "System")]
    pub system: String,
    /// Level.
    #[serde(rename = "Level")]
    pub level: Level,
    /// Its date.
    #[serde(rename = "Date")]
    pub date: NaiveDate,
    /// Self-assessment, manager assessment or course result.
    #[serde(rename = "Kind")]
    pub kind: &'static str,
    /// The assessing manager, for a manager assessment.
    #[serde(rename = "Assessed by")]
    pub assessor: Option<String>,
    /// The course, for a course result.
    #[serde(rename = "Course")]
    pub course: Option<String>,
    /// The system or registry function it came from.
    #[serde(rename = "Came from")]
    pub source: String,
    /// The sync run that brought it.
    #[serde(rename = "Sync run")]
    pub run_id: Option<i64>,
    /// The user who entered it.
    #[serde(rename = "Entered by")]
    pub entered_by: Option<String>,
}

/// One referral in a [`SubjectExport`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubjectReferral {
    /// Course code.
    #[serde(rename = "Course")]
    pub course: String,
    /// Made on.
    #[serde(rename = "Referred on")]
    pub created: NaiveDate,
    /// Due day.
    #[serde(rename = "Due")]
    pub due: Option<NaiveDate>,
    /// Cancelled on.
    #[serde(rename = "Cancelled on")]
    pub cancelled: Option<NaiveDate>,
    /// Who referred.
    #[serde(rename = "Referred by")]
    pub referred_by: Option<String>,
}

/// One self-assessment round in a [`SubjectExport`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubjectRound {
    /// The round's number.
    #[serde(rename = "Round")]
    pub round: i64,
    /// The occupation asked.
    #[serde(rename = "Occupation")]
    pub occupation: String,
    /// Opening day.
    #[serde(rename = "Opened")]
    pub opened: NaiveDate,
    /// Closing day.
    #[serde(rename = "Closes")]
    pub closes: NaiveDate,
    /// The systems on the person's form.
    #[serde(rename = "Systems on the form")]
    pub systems: Vec<String>,
}

const ABOUT: &str = "Everything the competence registry (skillreg) holds about you: your name, \
work email and employee number, your gender if the HR system states it and the registry keeps \
it for the equality follow-up, your employments, the evidence of what you can do in each \
system and where it came from, referrals to courses, the self-assessment rounds you were asked \
in, your appraisal talks and what was agreed at them (never what was said), and the levels the registry computes from them. The registry holds no national identity \
number and no notes about health or performance.";

fn kind_name(kind: &EvidenceKind) -> &'static str {
    match kind {
        EvidenceKind::SelfAssessment => "self-assessment",
        EvidenceKind::ManagerAssessment { .. } => "manager assessment",
        EvidenceKind::CourseResult { .. } => "course result",
    }
}

fn source_name(source: CurrentSource) -> &'static str {
    match source {
        CurrentSource::Confirmed => "confirmed",
        CurrentSource::SelfAssessed => "self-assessment",
        CurrentSource::None => "not assessed",
    }
}

fn count(conn: &Connection, sql: &str, arg: &str) -> Result<u64> {
    let n: i64 = conn.query_row(sql, [arg], |r| r.get(0))?;
    Ok(u64::try_from(n).unwrap_or_default())
}

impl Registry {
    /// Everything held about `employee_no` (GDPR art. 15), as of `day` for the computed levels.
    ///
    /// ```
    /// let mut registry = skillreg_store::Registry::open_in_memory(skillreg_store::Actor::Hr)?;
    /// let mut sample = skillreg_wlx::WlxReader::new(skillreg_testkit::SAMPLE_EXPORT)?;
    /// registry.sync(&mut sample, "sample-export.xml", &skillreg_core::sync::SyncConfig::default())?;
    /// let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).ok_or("date")?;
    /// let export = registry.subject_export("10023", day)?;
    /// assert_eq!(export.given_name, "Anna");
    /// let json = serde_json::to_value(&export)?;
    /// assert_eq!(json["Employments"][0]["Unit name"], "Hemtjänst Centrum");
    /// Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn subject_export(&self, employee_no: &str, day: NaiveDate) -> Result<SubjectExport> {
        // The person themself, or HR on their behalf.
        let own =
            matches!(self.actor(), Actor::Employee(me) | Actor::Manager(me) if me == employee_no);
        if !own {
            self.require_hr("export everything held about a person")?;
        }
        let employee = self.employee(employee_no)?;
        let catalog = self.catalog()?;
        let conn = self.connection();
        let person = sql::person_id(conn, employee_no)?
            .ok_or_else(|| Error::UnknownEmployee(employee_no.to_string()))?;
        let unit_name = |id: &str| {
            catalog
                .unit(id)
                .map_or_else(|| id.to_string(), |u| u.name.clone())
        };
        let occupation_name = |code: &str| {
            catalog
                .occupations
                .iter()
                .find(|o| o.code == code)
                .map_or_else(|| code.to_string(), |o| o.name.clone())
        };
        let system_name = |code: &str| {
            catalog
                .system(code)
                .map_or_else(|| code.to_string(), |s| format!("{} ({code})", s.name))
        };
        let employments = employee
            .employments
            .iter()
            .map(|e| SubjectEmployment {
                unit: e.unit.clone(),
                unit_name: unit_name(&e.unit),
                occupation: e.occupation.clone(),
                occupation_name: occupation_name(&e.occupation),
                percent: e.percent,
                start: e.start,
                end: e.end,
                manager: e.manager.clone(),
                primary: e.primary,
            })
            .collect();
        let levels = self
            .profile(employee_no, day)?
            .systems
            .into_iter()
            .map(|s| SubjectLevel {
                system: system_name(&s.system),
                target: s.target,
                confirmed: s.confirmed,
                self_level: s.self_level,
                current: s.current,
                current_source: source_name(s.current_source),
                gap: s.gap,
            })
            .collect();
        let evidence = self
            .history(employee_no)?
            .into_iter()
            .map(|h| {
                let (assessor, course) = match &h.evidence.kind {
                    EvidenceKind::ManagerAssessment { assessor } => (assessor.clone(), None),
                    EvidenceKind::CourseResult { course, .. } => (None, course.clone()),
                    EvidenceKind::SelfAssessment => (None, None),
                };
                SubjectEvidence {
                    system: system_name(&h.evidence.system),
                    level: h.evidence.level,
                    date: h.evidence.date,
                    kind: kind_name(&h.evidence.kind),
                    assessor,
                    course,
                    source: h.source,
                    run_id: h.run_id,
                    entered_by: h.entered_by,
                }
            })
            .collect();
        let referrals = sql::load_referrals(conn, person)?
            .into_iter()
            .map(|r| SubjectReferral {
                course: r.course,
                created: r.created,
                due: r.due,
                cancelled: r.cancelled,
                referred_by: r.referred_by,
            })
            .collect();
        let mut rounds: Vec<SubjectRound> = Vec::new();
        {
            let mut stmt = conn.prepare(
                "SELECT r.id, o.name, r.opened_day, r.closes_day, s.code
                 FROM round_members m
                 JOIN rounds r ON r.id = m.round_id
                 JOIN occupations o ON o.id = r.occupation_id
                 LEFT JOIN round_systems rs ON rs.round_id = m.round_id AND rs.person_id = m.person_id
                 LEFT JOIN systems s ON s.id = rs.system_id
                 WHERE m.person_id = ?1 ORDER BY r.id, s.code",
            )?;
            let rows = stmt.query_map([person], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    day_col(r, 2)?,
                    day_col(r, 3)?,
                    r.get::<_, Option<String>>(4)?,
                ))
            })?;
            for row in rows {
                let (id, occupation, opened, closes, system) = row?;
                if rounds.last().is_none_or(|r| r.round != id) {
                    rounds.push(SubjectRound {
                        round: id,
                        occupation,
                        opened,
                        closes,
                        systems: Vec::new(),
                    });
                }
                if let (Some(last), Some(system)) = (rounds.last_mut(), system) {
                    last.systems.push(system);
                }
            }
        }
        if !own {
            self.log(
                "export subject data",
                Some(employee_no),
                "everything held (right of access)",
            )?;
        }
        Ok(SubjectExport {
            about: ABOUT,
            made_on: day,
            employee_no: employee.employee_no.clone(),
            given_name: employee.given_name.clone(),
            family_name: employee.family_name.clone(),
            email: employee.email.clone(),
            gender: sql::load_gender(conn, person)?,
            employments,
            levels,
            evidence,
            referrals,
            rounds,
            talks: self.talks_of(person)?,
            n_managed_employments: count(
                conn,
                "SELECT count(*) FROM employments WHERE manager_no = ?1",
                employee_no,
            )?,
            n_assessments_made: count(
                conn,
                "SELECT count(*) FROM evidence WHERE kind = 1 AND assessor = ?1",
                employee_no,
            )?,
        })
    }
}
