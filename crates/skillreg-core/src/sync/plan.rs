//! Plan: what to create, update, end or remove, as pure and deterministic functions (sorted
//! output) of the registry's state and the source's records. Nothing here reads or writes.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::hash::BuildHasher;

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::FoldSet;
use crate::catalog::{Catalog, requirement_key};
use crate::model::{
    Course, Employee, Employment, Evidence, EvidenceKind, Group, Occupation, OrgUnit, Requirement,
    System,
};
use crate::snapshot::{CompetenceSource, EvidenceRecord, Location, PersonRecord, SourceCatalog};

#[cfg(doc)]
use super::SourceRole;

/// One catalog item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum CatalogItem {
    /// An org unit.
    Unit(OrgUnit),
    /// An occupation.
    Occupation(Occupation),
    /// A system.
    System(System),
    /// A requirement.
    Requirement(Requirement),
    /// A course.
    Course(Course),
    /// A target group of the roll-out.
    Group(Group),
}

impl CatalogItem {
    /// `unit SOC-HT`, `requirement USK/LIFECARE@SOC-SÄBO` ...
    pub fn label(&self) -> String {
        match self {
            CatalogItem::Unit(u) => format!("unit {}", u.id),
            CatalogItem::Occupation(o) => format!("occupation {}", o.code),
            CatalogItem::System(s) => format!("system {}", s.code),
            CatalogItem::Requirement(r) => match &r.unit {
                Some(unit) => format!(
                    "requirement {}/{}@{} = {}",
                    r.occupation, r.system, unit, r.level
                ),
                None => format!("requirement {}/{} = {}", r.occupation, r.system, r.level),
            },
            CatalogItem::Course(c) => format!("course {}", c.code),
            CatalogItem::Group(g) => format!("group {}", g.code),
        }
    }
}

/// Created or updated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// New in the registry.
    Created,
    /// Existed, now different.
    Updated,
    /// Withdrawn: a full snapshot no longer states what its source stated before.
    Removed,
}

/// One step of the catalog plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CatalogOp {
    /// Created or updated.
    pub change: Change,
    /// The item as it will be.
    pub item: CatalogItem,
}

/// The catalog plan: what to create or update, in apply order (units, occupations, systems,
/// requirements, courses, groups; each sorted by key). Pure. A catalog that states no groups
/// (every HR export) plans nothing for them: groups are only ever created or updated.
pub fn plan_catalog(existing: &Catalog, incoming: &Catalog) -> Vec<CatalogOp> {
    fn diff<T: Clone + PartialEq, K: Ord>(
        existing: &[T],
        incoming: &[T],
        key: impl Fn(&T) -> K,
        wrap: impl Fn(T) -> CatalogItem,
        out: &mut Vec<CatalogOp>,
    ) {
        let old: BTreeMap<K, &T> = existing.iter().map(|t| (key(t), t)).collect();
        let new: BTreeMap<K, &T> = incoming.iter().map(|t| (key(t), t)).collect();
        for (k, item) in new {
            let change = match old.get(&k) {
                None => Change::Created,
                Some(o) if *o != item => Change::Updated,
                Some(_) => continue,
            };
            out.push(CatalogOp {
                change,
                item: wrap(item.clone()),
            });
        }
    }
    let mut ops = Vec::new();
    diff(
        &existing.units,
        &incoming.units,
        |u| u.id.clone(),
        CatalogItem::Unit,
        &mut ops,
    );
    diff(
        &existing.occupations,
        &incoming.occupations,
        |o| o.code.clone(),
        CatalogItem::Occupation,
        &mut ops,
    );
    diff(
        &existing.systems,
        &incoming.systems,
        |s| s.code.clone(),
        CatalogItem::System,
        &mut ops,
    );
    diff(
        &existing.requirements,
        &incoming.requirements,
        requirement_key,
        CatalogItem::Requirement,
        &mut ops,
    );
    diff(
        &existing.courses,
        &incoming.courses,
        |c| c.code.clone(),
        CatalogItem::Course,
        &mut ops,
    );
    diff(
        &existing.groups,
        &incoming.groups,
        |g| g.code.clone(),
        CatalogItem::Group,
        &mut ops,
    );
    ops
}

/// Requirements that `held` (those the snapshot's source stated before) has and `incoming` no
/// longer states, as removals. Pure; sorted.
pub fn plan_requirement_removals(held: &[Requirement], incoming: &Catalog) -> Vec<CatalogOp> {
    let stated: HashSet<_> = incoming.requirements.iter().map(requirement_key).collect();
    let mut removed: Vec<&Requirement> = held
        .iter()
        .filter(|r| !stated.contains(&requirement_key(r)))
        .collect();
    removed.sort_by_key(|r| requirement_key(r));
    removed
        .into_iter()
        .map(|r| CatalogOp {
            change: Change::Removed,
            item: CatalogItem::Requirement(r.clone()),
        })
        .collect()
}

/// What the source's catalog states, to plan against `existing`: the items it states in full
/// ([`Catalog::keeping_unstated`]), without the org units and occupations the registry holds
/// already when the source names them only so that they exist.
pub(super) fn stated_catalog(mut incoming: SourceCatalog, existing: &Catalog) -> SourceCatalog {
    incoming.catalog = incoming.catalog.keeping_unstated(existing);
    if incoming.names_if_new {
        drop_known_units_and_occupations(&mut incoming, existing);
    }
    incoming
}

/// Removes from `incoming` the org units and occupations `existing` already holds (with their
/// locations), for a source that states them only so that they exist.
fn drop_known_units_and_occupations(incoming: &mut SourceCatalog, existing: &Catalog) {
    /// Keeps the items `known` rejects, and their locations (a parallel list, maybe shorter).
    fn keep_new<T>(items: &mut Vec<T>, locations: &mut Vec<Location>, known: impl Fn(&T) -> bool) {
        let mut old_locations = std::mem::take(locations).into_iter();
        items.retain(|item| {
            let location = old_locations.next();
            let keep = !known(item);
            if let (true, Some(l)) = (keep, location) {
                locations.push(l);
            }
            keep
        });
    }
    let units: HashSet<&str> = existing.units.iter().map(|u| u.id.as_str()).collect();
    let occupations: HashSet<&str> = existing
        .occupations
        .iter()
        .map(|o| o.code.as_str())
        .collect();
    keep_new(
        &mut incoming.catalog.units,
        &mut incoming.locations.units,
        |u| units.contains(u.id.as_str()),
    );
    keep_new(
        &mut incoming.catalog.occupations,
        &mut incoming.locations.occupations,
        |o| occupations.contains(o.code.as_str()),
    );
}

/// What happens to one person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PersonChange {
    /// New in the registry.
    Created,
    /// Details, employments or evidence changed.
    Updated,
    /// Was not active, is active again.
    Reactivated,
    /// Was active, is not any more.
    Terminated,
    /// Nothing to write but, perhaps, the record's digest.
    Unchanged,
}

impl PersonChange {
    /// Lower-case name.
    pub fn name(self) -> &'static str {
        match self {
            PersonChange::Created => "created",
            PersonChange::Updated => "updated",
            PersonChange::Reactivated => "reactivated",
            PersonChange::Terminated => "terminated",
            PersonChange::Unchanged => "unchanged",
        }
    }
}

/// A change to one employment, identified by (unit, occupation, start).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum EmploymentOp {
    /// A new employment.
    Insert(Employment),
    /// An existing employment with new percent, end, manager or primary flag.
    Update(Employment),
    /// A planned employment (starting after the snapshot's day) that the source no longer
    /// lists: it was cancelled before it began, so it is removed.
    Remove(Employment),
    /// An employment that is no longer in the source: it ends on `last_day`.
    End {
        /// The employment as it is now.
        employment: Employment,
        /// Its new last day.
        last_day: NaiveDate,
    },
}

/// The person's name and email.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonDetails {
    /// Given name.
    pub given_name: String,
    /// Family name.
    pub family_name: String,
    /// Email.
    pub email: Option<String>,
    /// Gender, where the owning source states it (`None` clears it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<crate::Gender>,
}

/// The plan for one person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonPlan {
    /// Employee number.
    pub employee_no: String,
    /// What happens, in one word.
    pub change: PersonChange,
    /// New details (set when created or when they changed).
    pub details: Option<PersonDetails>,
    /// Employment changes, sorted.
    pub employments: Vec<EmploymentOp>,
    /// Evidence to add (not already held), sorted.
    pub evidence: Vec<Evidence>,
    /// The record's digest, stored to skip an unchanged record next time.
    #[serde(skip)]
    pub digest: [u8; 16],
}

/// What the registry holds about one person, as far as a sync needs it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PersonState {
    /// Name, email and every employment.
    pub employee: Option<Employee>,
    /// Every piece of evidence held, from any source.
    pub evidence: Vec<Evidence>,
    /// The gender held (only the owning source sets it).
    pub gender: Option<crate::Gender>,
}

/// The identity of a piece of evidence, for "already held?": (system, level, date, kind,
/// assessor or course).
pub type EvidenceKey<'a> = (&'a str, u8, NaiveDate, &'static str, Option<&'a str>);

/// The identity of a piece of evidence (borrowed: no allocation).
pub fn evidence_key(e: &Evidence) -> EvidenceKey<'_> {
    let extra = match &e.kind {
        EvidenceKind::SelfAssessment => None,
        EvidenceKind::ManagerAssessment { assessor } => assessor.as_deref(),
        EvidenceKind::CourseResult { course, .. } => course.as_deref(),
    };
    (
        e.system.as_str(),
        e.level.number(),
        e.date,
        e.kind.name(),
        extra,
    )
}

/// Turns a source's evidence record into evidence, resolving a course result's system, level
/// and expiry from the catalog. `None` if the course is unknown.
pub fn resolve_evidence<S: BuildHasher>(
    record: &EvidenceRecord,
    courses: &HashMap<&str, &Course, S>,
) -> Option<Evidence> {
    match record {
        EvidenceRecord::Competence {
            system,
            level,
            source,
            date,
            assessor,
            ..
        } => Some(Evidence {
            system: system.clone(),
            level: *level,
            date: *date,
            kind: match source {
                CompetenceSource::SelfAssessment => EvidenceKind::SelfAssessment,
                CompetenceSource::Manager => EvidenceKind::ManagerAssessment {
                    assessor: assessor.clone(),
                },
                CompetenceSource::Course => EvidenceKind::CourseResult {
                    course: None,
                    expires: None,
                },
            },
        }),
        EvidenceRecord::CourseResult {
            course, completed, ..
        } => {
            let c = courses.get(course.as_str())?;
            Some(Evidence {
                system: c.system.clone(),
                level: c.grants,
                date: *completed,
                kind: EvidenceKind::CourseResult {
                    course: Some(c.code.clone()),
                    expires: c.expiry(*completed),
                },
            })
        }
    }
}

/// The evidence in `record` that the registry does not hold yet (`existing`), resolved against
/// the catalog's courses, in date order (the source's order within a day), without repeats.
pub fn new_evidence<S: BuildHasher>(
    existing: Option<&PersonState>,
    record: &PersonRecord,
    courses: &HashMap<&str, &Course, S>,
) -> Vec<Evidence> {
    let mut held: FoldSet<EvidenceKey<'_>> = FoldSet::default();
    for e in existing.map_or(&[][..], |s| s.evidence.as_slice()) {
        let key = evidence_key(e);
        if matches!(
            e.kind,
            EvidenceKind::CourseResult {
                course: Some(_),
                ..
            }
        ) {
            // A result sent back to the HR system may return without its course code.
            held.insert((key.0, key.1, key.2, key.3, None));
        }
        held.insert(key);
    }
    // Date order, and the source's order within a day: the later record wins a same-day tie.
    let mut evidence: Vec<Evidence> = record
        .evidence
        .iter()
        .filter_map(|r| resolve_evidence(r, courses))
        .collect();
    evidence.sort_by_key(|e| e.date);
    // A repeat has the same date, so it is among the records kept of the same day: a few
    // compared one by one, a larger day through a set of its keys.
    const COMPARED: usize = 16;
    let mut keep: Vec<bool> = Vec::with_capacity(evidence.len());
    let mut day_start = 0;
    let mut day_keys: FoldSet<EvidenceKey<'_>> = FoldSet::default();
    for (i, e) in evidence.iter().enumerate() {
        if i > 0 && evidence.get(i - 1).is_some_and(|d| d.date != e.date) {
            day_start = i;
            day_keys.clear();
        }
        let key = evidence_key(e);
        let day = evidence.get(day_start..i).unwrap_or_default();
        let kept = keep.get(day_start..i).unwrap_or_default();
        let new = (held.is_empty() || !held.contains(&key))
            && if day.len() < COMPARED {
                !day.iter()
                    .zip(kept)
                    .any(|(d, kept)| *kept && evidence_key(d) == key)
            } else {
                if day_keys.is_empty() {
                    day_keys.extend(
                        day.iter()
                            .zip(kept)
                            .filter(|(_, kept)| **kept)
                            .map(|(d, _)| evidence_key(d)),
                    );
                }
                day_keys.insert(key)
            };
        keep.push(new);
    }
    let mut keep = keep.into_iter();
    evidence.retain(|_| keep.next().unwrap_or(false));
    evidence
}

/// Plans one person for a source that contributes evidence only (see [`SourceRole`]): the
/// evidence the registry lacks, and nothing about name or employments.
pub fn plan_evidence_only<S: BuildHasher>(
    existing: &PersonState,
    record: &PersonRecord,
    courses: &HashMap<&str, &Course, S>,
    digest: [u8; 16],
) -> PersonPlan {
    let evidence = new_evidence(Some(existing), record, courses);
    PersonPlan {
        employee_no: record.employee_no.clone(),
        change: if evidence.is_empty() {
            PersonChange::Unchanged
        } else {
            PersonChange::Updated
        },
        details: None,
        employments: Vec::new(),
        evidence,
        digest,
    }
}

fn employment_key(e: &Employment) -> (String, String, NaiveDate) {
    (e.unit.clone(), e.occupation.clone(), e.start)
}

/// The day before `day` (the last day of someone who is gone on `day`).
pub fn day_before(day: NaiveDate) -> NaiveDate {
    day.checked_sub_days(Days::new(1)).unwrap_or(day)
}

/// Plans one person: `existing` is what the registry holds (None: unknown), `record` what the
/// source says, `courses` the merged catalog's courses, `day` the snapshot's day. Pure.
pub fn plan_person<S: BuildHasher>(
    existing: Option<&PersonState>,
    record: &PersonRecord,
    courses: &HashMap<&str, &Course, S>,
    day: NaiveDate,
) -> PersonPlan {
    let incoming_employments: Vec<Employment> = record
        .employments
        .iter()
        .map(|e| Employment {
            unit: e.unit.clone(),
            occupation: e.occupation.clone(),
            percent: e.percent,
            start: e.start,
            end: e.end,
            manager: e.manager.clone(),
            primary: e.primary,
        })
        .collect();
    let details = PersonDetails {
        given_name: record.given_name.clone(),
        family_name: record.family_name.clone(),
        email: record.email.clone(),
        gender: record.gender,
    };
    let evidence = new_evidence(existing, record, courses);
    let will_be_active = incoming_employments.iter().any(|e| e.is_active(day));

    let Some(employee) = existing.and_then(|s| s.employee.as_ref()) else {
        let mut employments: Vec<EmploymentOp> = incoming_employments
            .into_iter()
            .map(EmploymentOp::Insert)
            .collect();
        employments.sort_by_key(|op| match op {
            EmploymentOp::Insert(e)
            | EmploymentOp::Update(e)
            | EmploymentOp::Remove(e)
            | EmploymentOp::End { employment: e, .. } => employment_key(e),
        });
        return PersonPlan {
            employee_no: record.employee_no.clone(),
            change: PersonChange::Created,
            details: Some(details),
            employments,
            evidence,
            digest: record.digest(),
        };
    };

    let was_active = employee.is_active(day);
    let old: BTreeMap<_, &Employment> = employee
        .employments
        .iter()
        .map(|e| (employment_key(e), e))
        .collect();
    let new: BTreeMap<_, &Employment> = incoming_employments
        .iter()
        .map(|e| (employment_key(e), e))
        .collect();
    let last_day = day_before(day);
    let mut employments = Vec::new();
    let keys: BTreeSet<_> = old.keys().chain(new.keys()).cloned().collect();
    for key in keys {
        match (old.get(&key), new.get(&key)) {
            (None, Some(n)) => employments.push(EmploymentOp::Insert((*n).clone())),
            (Some(o), Some(n)) if o != n => employments.push(EmploymentOp::Update((*n).clone())),
            (Some(o), None) if o.start > last_day => {
                employments.push(EmploymentOp::Remove((*o).clone()))
            }
            (Some(o), None) if o.end.is_none_or(|end| end > last_day) => {
                employments.push(EmploymentOp::End {
                    employment: (*o).clone(),
                    last_day,
                })
            }
            _ => {}
        }
    }
    let old_details = PersonDetails {
        given_name: employee.given_name.clone(),
        family_name: employee.family_name.clone(),
        email: employee.email.clone(),
        gender: existing.and_then(|s| s.gender),
    };
    let details_changed = old_details != details;
    let change = match (was_active, will_be_active) {
        (false, true) => PersonChange::Reactivated,
        (true, false) => PersonChange::Terminated,
        _ if details_changed || !employments.is_empty() || !evidence.is_empty() => {
            PersonChange::Updated
        }
        _ => PersonChange::Unchanged,
    };
    PersonPlan {
        employee_no: record.employee_no.clone(),
        change,
        details: details_changed.then_some(details),
        employments,
        evidence,
        digest: record.digest(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Level;

    fn record(evidence: Vec<EvidenceRecord>) -> PersonRecord {
        PersonRecord {
            employee_no: "10023".into(),
            given_name: "Anna".into(),
            family_name: "Lindqvist".into(),
            email: None,
            gender: None,
            employments: Vec::new(),
            evidence,
            location: Location::default(),
        }
    }

    fn rated(system: &str, day: u32) -> EvidenceRecord {
        EvidenceRecord::Competence {
            system: system.into(),
            level: Level::Basic,
            source: CompetenceSource::SelfAssessment,
            date: NaiveDate::from_ymd_opt(2026, 9, day).unwrap_or_default(),
            assessor: None,
            location: Location::default(),
        }
    }

    #[test]
    fn repeats_are_left_out_on_small_and_large_days() {
        // 3 records on the 1st (one repeated), 60 on the 2nd: 30 systems, each twice.
        let mut evidence = vec![rated("A", 1), rated("B", 1), rated("A", 1)];
        for _ in 0..2 {
            for i in 0..30 {
                evidence.push(rated(&format!("S{i}"), 2));
            }
        }
        let planned = new_evidence(None, &record(evidence), &HashMap::new());
        let systems: Vec<&str> = planned.iter().map(|e| e.system.as_str()).collect();
        assert_eq!(systems.len(), 2 + 30);
        assert_eq!(systems[..2], ["A", "B"]);
        assert_eq!(systems[2], "S0");
        assert_eq!(systems[31], "S29");
    }
}
