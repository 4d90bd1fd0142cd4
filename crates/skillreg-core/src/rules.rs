//! The rules of docs/src/rules.md, each a pure function of a day.
//!
//! Written-down choices where the rules are silent (docs/src/rules.md#confirmed, #recommendations):
//! - A course result expires on `completed + validMonths` (that day it is no longer valid).
//! - Same-day evidence of the same kind: the one recorded later wins (input order).
//! - A referral is closed by a result for its course dated on or after the referral day.
//! - Recommended courses are those made for one of the occupations of the person's employments
//!   active that day that would close the gap, lowest granted level first; if none reaches the
//!   target, only the highest-granting one, and the standing says `no_course_for_group`.
//! - A standing is reported for every system with a target or with any evidence up to the day.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::catalog::{Catalog, OrgTree};
use crate::model::{Course, Employee, Evidence, EvidenceKind, Level, Referral, Requirement};

/// Where the current level comes from (rule 4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CurrentSource {
    /// A manager assessment or course result.
    Confirmed,
    /// Only the employee's own rating.
    #[serde(rename = "self")]
    SelfAssessed,
    /// Nothing known.
    None,
}

impl CurrentSource {
    /// `confirmed`, `self` or `none`.
    pub fn name(self) -> &'static str {
        match self {
            CurrentSource::Confirmed => "confirmed",
            CurrentSource::SelfAssessed => "self",
            CurrentSource::None => "none",
        }
    }
}

/// A person's standing in one system on one day (rules 1-6).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Standing {
    /// System code.
    pub system: String,
    /// Rule 1: the level the person's role needs.
    pub target: Option<Level>,
    /// Rule 2: manager assessments and valid course results.
    pub confirmed: Option<Level>,
    /// Rule 3: the latest self-assessment.
    #[serde(rename = "self")]
    pub self_level: Option<Level>,
    /// Rule 4: confirmed, else self, else not assessed.
    pub current: Option<Level>,
    /// Where `current` comes from.
    pub current_source: CurrentSource,
    /// Rule 5: target minus current (not assessed counts as 0); 0 when there is no gap.
    pub gap: u8,
    /// Rule 5: self and confirmed level both known and different.
    pub discrepancy: bool,
    /// Rule 6: course codes that would close the gap, best first (only courses made for the
    /// person's occupational group).
    pub recommended_courses: Vec<String>,
    /// Rule 6: there is a gap and no course made for the person's occupational group reaches
    /// the target (training demand: a course to be made for the group).
    #[serde(default)]
    pub no_course_for_group: bool,
    /// Open referrals to courses on this system (shown instead of recommending).
    pub referred_courses: Vec<String>,
}

/// A course result that expires soon (rule 7).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Expiring {
    /// Course code.
    pub course: String,
    /// System code.
    pub system: String,
    /// Completion day.
    pub completed: NaiveDate,
    /// First day it is no longer valid.
    pub expires: NaiveDate,
}

/// The catalog prepared for fast rule evaluation: build once, evaluate many people.
#[derive(Debug, Clone, Default)]
pub struct RuleBook {
    tree: OrgTree,
    requirements: HashMap<String, Vec<Requirement>>,
    courses_by_system: HashMap<String, Vec<Course>>,
}

impl RuleBook {
    /// Prepares `catalog`.
    pub fn new(catalog: &Catalog) -> RuleBook {
        let mut requirements: HashMap<String, Vec<Requirement>> = HashMap::new();
        for r in &catalog.requirements {
            requirements
                .entry(r.occupation.clone())
                .or_default()
                .push(r.clone());
        }
        let mut courses_by_system: HashMap<String, Vec<Course>> = HashMap::new();
        for c in &catalog.courses {
            courses_by_system
                .entry(c.system.clone())
                .or_default()
                .push(c.clone());
        }
        for list in courses_by_system.values_mut() {
            list.sort_by(|a, b| a.grants.cmp(&b.grants).then_with(|| a.code.cmp(&b.code)));
        }
        RuleBook {
            tree: OrgTree::new(&catalog.units),
            requirements,
            courses_by_system,
        }
    }

    /// The org tree.
    pub fn tree(&self) -> &OrgTree {
        &self.tree
    }

    /// Rule 1: the target level per system for `employee` on `day`.
    pub fn targets(&self, employee: &Employee, day: NaiveDate) -> BTreeMap<String, Level> {
        let mut targets: BTreeMap<String, Level> = BTreeMap::new();
        for employment in employee.employments.iter().filter(|e| e.is_active(day)) {
            let Some(reqs) = self.requirements.get(&employment.occupation) else {
                continue;
            };
            for r in reqs {
                let applies = match &r.unit {
                    None => true,
                    Some(unit) => self.tree.is_within(&employment.unit, unit),
                };
                if applies {
                    let entry = targets.entry(r.system.clone()).or_insert(r.level);
                    *entry = (*entry).max(r.level);
                }
            }
        }
        targets
    }

    /// Rules 1-6 for every system with a target or with evidence up to `day`, sorted by system.
    pub fn standings(
        &self,
        employee: &Employee,
        evidence: &[Evidence],
        referrals: &[Referral],
        day: NaiveDate,
    ) -> Vec<Standing> {
        let targets = self.targets(employee, day);
        let mut systems: BTreeSet<&str> = targets.keys().map(String::as_str).collect();
        systems.extend(
            evidence
                .iter()
                .filter(|e| e.date <= day)
                .map(|e| e.system.as_str()),
        );
        let occupations: Vec<&str> = employee
            .employments
            .iter()
            .filter(|e| e.is_active(day))
            .map(|e| e.occupation.as_str())
            .collect();
        systems
            .into_iter()
            .map(|system| {
                self.standing(
                    system,
                    targets.get(system).copied(),
                    &occupations,
                    evidence,
                    referrals,
                    day,
                )
            })
            .collect()
    }

    /// Rules 2-6 for one system, given its target and the occupations of the person's
    /// employments active on `day` (rule 6 recommends only courses made for them).
    pub fn standing(
        &self,
        system: &str,
        target: Option<Level>,
        occupations: &[&str],
        evidence: &[Evidence],
        referrals: &[Referral],
        day: NaiveDate,
    ) -> Standing {
        let confirmed = confirmed_level(evidence, system, day);
        let self_level = self_level(evidence, system, day);
        let (current, current_source) = match (confirmed, self_level) {
            (Some(c), _) => (Some(c), CurrentSource::Confirmed),
            (None, Some(s)) => (Some(s), CurrentSource::SelfAssessed),
            (None, None) => (None, CurrentSource::None),
        };
        let gap = gap(target, current);
        let mut recommended_courses = Vec::new();
        let mut referred_courses = Vec::new();
        let mut no_course_for_group = false;
        if gap > 0 {
            let floor = current.map_or(0, Level::number);
            let open: Vec<&str> = open_referrals(referrals, evidence, day)
                .into_iter()
                .map(|r| r.course.as_str())
                .collect();
            let courses = self
                .courses_by_system
                .get(system)
                .map_or(&[][..], Vec::as_slice);
            referred_courses = courses
                .iter()
                .filter(|c| c.grants.number() > floor && open.contains(&c.code.as_str()))
                .map(|c| c.code.clone())
                .collect();
            let made_for: Vec<&Course> = courses
                .iter()
                .filter(|c| c.is_made_for(occupations.iter().copied()))
                .collect();
            no_course_for_group = !made_for
                .iter()
                .any(|c| target.is_some_and(|t| c.grants >= t));
            if referred_courses.is_empty() {
                recommended_courses = recommend(made_for, current, target, evidence, day);
            }
        }
        Standing {
            system: system.to_string(),
            target,
            confirmed,
            self_level,
            current,
            current_source,
            gap,
            discrepancy: matches!((self_level, confirmed), (Some(s), Some(c)) if s != c),
            recommended_courses,
            no_course_for_group,
            referred_courses,
        }
    }
}

/// Rule 5: target minus current, with not assessed as 0; only positive gaps count.
pub fn gap(target: Option<Level>, current: Option<Level>) -> u8 {
    let target = target.map_or(0, Level::number);
    let current = current.map_or(0, Level::number);
    target.saturating_sub(current)
}

fn is_expired(kind: &EvidenceKind, day: NaiveDate) -> bool {
    matches!(kind, EvidenceKind::CourseResult { expires: Some(exp), .. } if *exp <= day)
}

/// Rule 2: the confirmed level in `system` on `day`.
pub fn confirmed_level(evidence: &[Evidence], system: &str, day: NaiveDate) -> Option<Level> {
    let mut relevant: Vec<&Evidence> = evidence
        .iter()
        .filter(|e| e.system == system && e.date <= day)
        .filter(|e| match &e.kind {
            EvidenceKind::SelfAssessment => false,
            EvidenceKind::ManagerAssessment { .. } => true,
            kind @ EvidenceKind::CourseResult { .. } => !is_expired(kind, day),
        })
        .collect();
    // Stable: same day and kind keeps input (recording) order. Course before manager on a tie.
    relevant.sort_by_key(|e| {
        (
            e.date,
            matches!(e.kind, EvidenceKind::ManagerAssessment { .. }),
        )
    });
    relevant.into_iter().fold(None, |level, e| match e.kind {
        EvidenceKind::ManagerAssessment { .. } => Some(e.level),
        _ => Some(level.map_or(e.level, |l: Level| l.max(e.level))),
    })
}

/// Rule 3: the latest self-assessment in `system` on or before `day`.
pub fn self_level(evidence: &[Evidence], system: &str, day: NaiveDate) -> Option<Level> {
    evidence
        .iter()
        .filter(|e| e.system == system && e.date <= day)
        .filter(|e| matches!(e.kind, EvidenceKind::SelfAssessment))
        .fold(None, |best: Option<&Evidence>, e| match best {
            Some(b) if b.date > e.date => Some(b),
            _ => Some(e),
        })
        .map(|e| e.level)
}

/// Whether a still-valid result for `course` exists on `day`.
pub fn holds_valid_result(evidence: &[Evidence], course: &str, day: NaiveDate) -> bool {
    evidence.iter().any(|e| {
        e.date <= day
            && matches!(&e.kind, EvidenceKind::CourseResult { course: Some(c), .. } if c == course)
            && !is_expired(&e.kind, day)
    })
}

/// Rule 6: the courses (from `courses`, all on one system and made for the person's group)
/// that would close the gap.
pub fn recommend<'c>(
    courses: impl IntoIterator<Item = &'c Course>,
    current: Option<Level>,
    target: Option<Level>,
    evidence: &[Evidence],
    day: NaiveDate,
) -> Vec<String> {
    let Some(target) = target else {
        return Vec::new();
    };
    if gap(Some(target), current) == 0 {
        return Vec::new();
    }
    let floor = current.map_or(0, Level::number);
    let mut candidates: Vec<&Course> = courses
        .into_iter()
        .filter(|c| c.grants.number() > floor)
        .filter(|c| !holds_valid_result(evidence, &c.code, day))
        .collect();
    candidates.sort_by(|a, b| a.grants.cmp(&b.grants).then_with(|| a.code.cmp(&b.code)));
    let sufficient: Vec<String> = candidates
        .iter()
        .filter(|c| c.grants >= target)
        .map(|c| c.code.clone())
        .collect();
    if !sufficient.is_empty() {
        return sufficient;
    }
    // None reaches the target: the highest-granting course (the first by code on a tie).
    let best = candidates.iter().map(|c| c.grants).max();
    candidates
        .iter()
        .find(|c| Some(c.grants) == best)
        .map(|c| vec![c.code.clone()])
        .unwrap_or_default()
}

/// The referrals open on `day`: made on or before it, not cancelled, no result for the course yet.
pub fn open_referrals<'a>(
    referrals: &'a [Referral],
    evidence: &[Evidence],
    day: NaiveDate,
) -> Vec<&'a Referral> {
    referrals
        .iter()
        .filter(|r| r.created <= day)
        .filter(|r| r.cancelled.is_none_or(|c| c > day))
        .filter(|r| {
            !evidence.iter().any(|e| {
                e.date >= r.created
                    && e.date <= day
                    && matches!(&e.kind, EvidenceKind::CourseResult { course: Some(c), .. } if *c == r.course)
            })
        })
        .collect()
}

/// Rule 7: course results (the latest per course) that expire within `window_days` after `day`.
pub fn expiring(evidence: &[Evidence], day: NaiveDate, window_days: u32) -> Vec<Expiring> {
    let horizon = day
        .checked_add_days(Days::new(u64::from(window_days)))
        .unwrap_or(NaiveDate::MAX);
    let mut latest: BTreeMap<&str, &Evidence> = BTreeMap::new();
    for e in evidence.iter().filter(|e| e.date <= day) {
        if let EvidenceKind::CourseResult {
            course: Some(code), ..
        } = &e.kind
        {
            let slot = latest.entry(code.as_str()).or_insert(e);
            if e.date >= slot.date {
                *slot = e;
            }
        }
    }
    latest
        .into_iter()
        .filter_map(|(code, e)| match e.kind {
            EvidenceKind::CourseResult {
                expires: Some(exp), ..
            } if exp > day && exp <= horizon => Some(Expiring {
                course: code.to_string(),
                system: e.system.clone(),
                completed: e.date,
                expires: exp,
            }),
            _ => None,
        })
        .collect()
}

/// How one system's standing moved between two days (for "what changed since").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StandingChange {
    /// System code.
    pub system: String,
    /// Current level then.
    pub current_before: Option<Level>,
    /// Current level now.
    pub current_after: Option<Level>,
    /// Target then.
    pub target_before: Option<Level>,
    /// Target now.
    pub target_after: Option<Level>,
    /// Gap then.
    pub gap_before: u8,
    /// Gap now.
    pub gap_after: u8,
}

/// Systems whose current level, target or gap differ between `before` and `after`.
pub fn changes(before: &[Standing], after: &[Standing]) -> Vec<StandingChange> {
    let index = |list: &[Standing]| -> BTreeMap<String, (Option<Level>, Option<Level>, u8)> {
        list.iter()
            .map(|s| (s.system.clone(), (s.current, s.target, s.gap)))
            .collect()
    };
    let (b, a) = (index(before), index(after));
    let systems: BTreeSet<&String> = b.keys().chain(a.keys()).collect();
    systems
        .into_iter()
        .filter_map(|system| {
            let (cb, tb, gb) = b.get(system).copied().unwrap_or((None, None, 0));
            let (ca, ta, ga) = a.get(system).copied().unwrap_or((None, None, 0));
            ((cb, tb, gb) != (ca, ta, ga)).then(|| StandingChange {
                system: system.clone(),
                current_before: cb,
                current_after: ca,
                target_before: tb,
                target_after: ta,
                gap_before: gb,
                gap_after: ga,
            })
        })
        .collect()
}
