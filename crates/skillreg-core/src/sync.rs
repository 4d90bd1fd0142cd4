//! The sync engine: reconcile one source's snapshot with the registry.
//!
//! Diff -> plan -> apply. [`plan_catalog`] and [`plan_person`] are pure, deterministic functions
//! (sorted output) of the registry's state and the incoming records. [`run`] streams the snapshot
//! person by person, validates every reference, plans, and hands each step to a [`SyncTarget`]
//! (the store, inside one transaction). If any problem is found, or the termination guard trips,
//! `run` returns an error and the caller rolls the transaction back: nothing is written.
//!
//! Written-down choices:
//! - The catalog is merged: items in the snapshot are created or updated; items missing from it
//!   are kept (people's history refers to them).
//! - An employment is identified by (unit, occupation, start). A person's employments missing from
//!   a new record of that person are ended on the day before the snapshot's day.
//! - In a full snapshot, an active person missing from it is terminated: their ongoing
//!   employments end on the day before the snapshot's day. History is kept.
//! - Evidence is never duplicated: an incoming record equal (system, level, date, kind,
//!   assessor/course) to one the registry holds, from any source, is not added again.
//! - A manager reference must name a person in the snapshot or already in the registry.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt;

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::catalog::{Catalog, OrgTree, requirement_key};
use crate::model::{
    Course, Employee, Employment, Evidence, EvidenceKind, Occupation, OrgUnit, Requirement, System,
};
use crate::snapshot::{
    CompetenceSource, EvidenceRecord, Location, PersonRecord, Problem, Snapshot, SnapshotHeader,
    SnapshotKind, SourceCatalog, Watermark,
};

/// One catalog item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
        }
    }
}

/// Created or updated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
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
pub struct CatalogOp {
    /// Created or updated.
    pub change: Change,
    /// The item as it will be.
    pub item: CatalogItem,
}

/// The catalog plan: what to create or update, in apply order (units, occupations, systems,
/// requirements, courses; each sorted by key). Pure.
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

/// Reference problems inside a catalog: unknown parents, cycles, requirements and courses naming
/// unknown items. `merged` is the registry's catalog overlaid with the incoming one; locations
/// come from the incoming one.
pub fn check_catalog(merged: &Catalog, incoming: &SourceCatalog) -> Vec<Problem> {
    let mut problems = Vec::new();
    let loc = |list: &[Location], i: usize| list.get(i).cloned().unwrap_or_default();
    let units: HashSet<&str> = merged.units.iter().map(|u| u.id.as_str()).collect();
    let occupations: HashSet<&str> = merged.occupations.iter().map(|o| o.code.as_str()).collect();
    let systems: HashSet<&str> = merged.systems.iter().map(|s| s.code.as_str()).collect();
    let locs = &incoming.locations;
    for (i, u) in incoming.catalog.units.iter().enumerate() {
        if let Some(parent) = &u.parent
            && !units.contains(parent.as_str())
        {
            problems.push(Problem::new(
                &loc(&locs.units, i),
                Some(parent),
                format!("org unit {} names an unknown parent unit", u.id),
            ));
        }
    }
    for cycle in OrgTree::new(&merged.units).cycles() {
        let i = incoming
            .catalog
            .units
            .iter()
            .position(|u| cycle.contains(&u.id));
        let location = i.map(|i| loc(&locs.units, i)).unwrap_or_default();
        problems.push(Problem::new(
            &location,
            Some(&cycle.join(" > ")),
            "org units form a cycle: each is its own ancestor; fix the parent attributes",
        ));
    }
    for (i, r) in incoming.catalog.requirements.iter().enumerate() {
        let at = loc(&locs.requirements, i);
        if !occupations.contains(r.occupation.as_str()) {
            problems.push(Problem::new(
                &at,
                Some(&r.occupation),
                "requirement names an unknown occupation",
            ));
        }
        if !systems.contains(r.system.as_str()) {
            problems.push(Problem::new(
                &at,
                Some(&r.system),
                "requirement names an unknown system",
            ));
        }
        if let Some(unit) = &r.unit
            && !units.contains(unit.as_str())
        {
            problems.push(Problem::new(
                &at,
                Some(unit),
                "requirement names an unknown org unit",
            ));
        }
    }
    for (i, c) in incoming.catalog.courses.iter().enumerate() {
        if !systems.contains(c.system.as_str()) {
            problems.push(Problem::new(
                &loc(&locs.courses, i),
                Some(&c.system),
                format!("course {} names an unknown system", c.code),
            ));
        }
    }
    problems
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
pub struct PersonDetails {
    /// Given name.
    pub given_name: String,
    /// Family name.
    pub family_name: String,
    /// Email.
    pub email: Option<String>,
}

/// The plan for one person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
pub fn resolve_evidence(
    record: &EvidenceRecord,
    courses: &HashMap<&str, &Course>,
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
pub fn new_evidence(
    existing: Option<&PersonState>,
    record: &PersonRecord,
    courses: &HashMap<&str, &Course>,
) -> Vec<Evidence> {
    let mut held: HashSet<EvidenceKey<'_>> = HashSet::new();
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
    let mut seen: HashSet<EvidenceKey<'_>> = HashSet::new();
    let keep: Vec<bool> = evidence
        .iter()
        .map(|e| {
            let key = evidence_key(e);
            !held.contains(&key) && seen.insert(key)
        })
        .collect();
    let mut keep = keep.into_iter();
    evidence.retain(|_| keep.next().unwrap_or(false));
    evidence
}

/// Plans one person for a source that contributes evidence only (see [`SourceRole`]): the
/// evidence the registry lacks, and nothing about name or employments.
pub fn plan_evidence_only(
    existing: &PersonState,
    record: &PersonRecord,
    courses: &HashMap<&str, &Course>,
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
pub fn plan_person(
    existing: Option<&PersonState>,
    record: &PersonRecord,
    courses: &HashMap<&str, &Course>,
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

/// How many terminations a sync may make before it refuses.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum TerminationLimit {
    /// At most this many people.
    Count(usize),
    /// At most this percentage of the active people; never trips for 2 people or fewer.
    Percent(f64),
}

impl Default for TerminationLimit {
    fn default() -> Self {
        TerminationLimit::Percent(10.0)
    }
}

impl TerminationLimit {
    /// Whether terminating `n` of `n_active` people exceeds the limit.
    pub fn exceeded(self, n: usize, n_active: usize) -> bool {
        match self {
            TerminationLimit::Count(max) => n > max,
            TerminationLimit::Percent(p) => n > 2 && (n as f64) > n_active as f64 * p / 100.0,
        }
    }
}

impl fmt::Display for TerminationLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TerminationLimit::Count(n) => write!(f, "{n}"),
            TerminationLimit::Percent(p) => write!(f, "{p}%"),
        }
    }
}

impl std::str::FromStr for TerminationLimit {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let s = s.trim();
        if let Some(p) = s.strip_suffix('%') {
            match p.trim().parse::<f64>() {
                Ok(p) if (0.0..=100.0).contains(&p) => Ok(TerminationLimit::Percent(p)),
                _ => Err(format!("expected a percentage 0-100 like 10%, got {s:?}")),
            }
        } else {
            s.parse::<usize>()
                .map(TerminationLimit::Count)
                .map_err(|_| format!("expected a number of people (e.g. 25) or a percentage (e.g. 10%), got {s:?}"))
        }
    }
}

/// What a source may change. A nightly job names exactly one source that owns people and
/// employments; the others contribute catalog and evidence only.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceRole {
    /// The source owns people and employments: it creates, updates and (when full) terminates
    /// people, and adds catalog and evidence.
    #[default]
    People,
    /// The source adds catalog and evidence only. A person it names who is not in the registry
    /// is reported as a warning, not created; names and employments it states are ignored; being
    /// absent from it means nothing.
    Evidence,
}

impl SourceRole {
    /// Lower-case name.
    pub fn name(self) -> &'static str {
        match self {
            SourceRole::People => "people",
            SourceRole::Evidence => "evidence",
        }
    }
}

/// Settings of one sync run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SyncConfig {
    /// What the source may change.
    pub role: SourceRole,
    /// Plan only: call nothing that writes.
    pub dry_run: bool,
    /// The termination guard.
    pub max_terminations: TerminationLimit,
    /// Report at most this many problems (the rest are counted).
    pub max_problems: usize,
    /// List at most this many created people in the report (the rest are counted in
    /// `n_created`): a first import of a large organisation need not hold them all. Every
    /// update, termination and reactivation is always listed.
    pub max_listed_created: usize,
}

impl Default for SyncConfig {
    fn default() -> Self {
        SyncConfig {
            role: SourceRole::People,
            dry_run: false,
            max_terminations: TerminationLimit::default(),
            max_problems: 100,
            max_listed_created: 10_000,
        }
    }
}

/// What the registry knows of a person before a sync, in brief.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndexEntry {
    /// Digest of the record last synced (None: never synced, or terminated by absence since).
    pub digest: Option<[u8; 16]>,
    /// Active on the snapshot's day.
    pub active: bool,
    /// Has an employment that starts after the snapshot's day (a planned hire).
    pub planned: bool,
}

/// One person during a run: what the registry knew, and where the snapshot had them. Compact:
/// a national registry holds a million of these.
struct Slot {
    entry: Option<IndexEntry>,
    /// `NOT_SEEN`, `SEEN_NO_LINE`, or the line the snapshot had them on.
    seen_at: u32,
}

const NOT_SEEN: u32 = 0;
const SEEN_NO_LINE: u32 = u32::MAX;

impl Slot {
    fn line_code(line: Option<u64>) -> u32 {
        line.map_or(SEEN_NO_LINE, |l| {
            u32::try_from(l).unwrap_or(SEEN_NO_LINE - 1).max(1)
        })
    }

    /// `Some(line)` once seen (`Some(None)`: seen, line unknown).
    fn seen_line(&self) -> Option<Option<u64>> {
        match self.seen_at {
            NOT_SEEN => None,
            SEEN_NO_LINE => Some(None),
            line => Some(Some(u64::from(line))),
        }
    }
}

/// What the store does for the sync engine. Every call happens inside one transaction that the
/// caller commits only if [`run`] returns `Ok` and it is not a dry run.
pub trait SyncTarget {
    /// The store's error.
    type Error: std::error::Error + Send + Sync + 'static;
    /// Called first, with the snapshot's header and the source's role (a store that keeps
    /// digests per source needs to know which source this is).
    fn begin(&mut self, header: &SnapshotHeader, role: SourceRole) -> Result<(), Self::Error> {
        let _ = (header, role);
        Ok(())
    }
    /// The registry's catalog.
    fn catalog(&mut self) -> Result<Catalog, Self::Error>;
    /// The requirements that `source` stated in earlier snapshots.
    fn requirements_from(&mut self, source: &str) -> Result<Vec<Requirement>, Self::Error>;
    /// Every person: calls `visit` with each employee number, its digest and whether the person
    /// is active on `day` (a visitor, so that no second copy of the index is built). The digest
    /// is the one this source's role last stored: the owner's for [`SourceRole::People`], this
    /// source's own for [`SourceRole::Evidence`].
    fn person_index(
        &mut self,
        day: NaiveDate,
        visit: &mut dyn FnMut(String, IndexEntry),
    ) -> Result<(), Self::Error>;
    /// Everything a plan needs about one person.
    fn person_state(&mut self, employee_no: &str) -> Result<PersonState, Self::Error>;
    /// Create, update or remove catalog items, in the order given.
    fn apply_catalog(&mut self, ops: &[CatalogOp]) -> Result<(), Self::Error>;
    /// Apply one person's plan (also when unchanged: the digest may be new).
    fn apply_person(&mut self, plan: &PersonPlan) -> Result<(), Self::Error>;
    /// End every employment of `employee_no` that is ongoing after `last_day` (removing those
    /// that would only have started after it); forget the digest.
    fn terminate(&mut self, employee_no: &str, last_day: NaiveDate) -> Result<(), Self::Error>;
}

/// One line of the people part of a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonLine {
    /// Employee number.
    pub employee_no: String,
    /// What happens.
    pub change: PersonChange,
    /// Evidence records added.
    pub n_evidence: usize,
}

/// The plan of a sync run (applied unless it was a dry run).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SyncReport {
    /// The snapshot's header.
    pub header: SnapshotHeader,
    /// Planned only.
    pub dry_run: bool,
    /// Catalog changes, in apply order.
    pub catalog: Vec<CatalogOp>,
    /// People who change, sorted by employee number.
    pub people: Vec<PersonLine>,
    /// People in the snapshot.
    pub n_seen: usize,
    /// People in the registry before who are active or hired to start later: those a full
    /// snapshot can terminate, and what the termination guard compares with.
    pub n_active_before: usize,
    /// People created.
    pub n_created: usize,
    /// People updated.
    pub n_updated: usize,
    /// People terminated (absent from a full snapshot or with every employment ended).
    pub n_terminated: usize,
    /// People reactivated.
    pub n_reactivated: usize,
    /// People unchanged.
    pub n_unchanged: usize,
    /// Evidence records added.
    pub n_evidence: usize,
    /// Digest of the input, if the source gives one.
    pub digest: Option<String>,
    /// What the source was allowed to change.
    pub role: SourceRole,
    /// Warnings (not refusals): people an evidence source names who are not in the registry,
    /// records the source left out. At most `max_problems` are listed; `n_warnings` counts all.
    pub warnings: Vec<Problem>,
    /// Warnings in all.
    pub n_warnings: usize,
    /// People the source named but that were left alone: not in the registry (an evidence
    /// source), or skipped by the adapter.
    pub n_skipped: usize,
    /// Where the source resumes next time; recorded with the sync.
    pub watermark: Option<Watermark>,
}

impl SyncReport {
    /// True when the plan changes nothing.
    pub fn is_empty(&self) -> bool {
        self.catalog.is_empty() && self.people.is_empty()
    }

    /// Employee numbers of the people this plan terminates.
    pub fn terminated(&self) -> Vec<&str> {
        self.people
            .iter()
            .filter(|p| p.change == PersonChange::Terminated)
            .map(|p| p.employee_no.as_str())
            .collect()
    }
}

/// Why a sync did not go through.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SyncError<E: std::error::Error + 'static> {
    /// The snapshot has problems; nothing may be written.
    #[error("the input was refused: {} problem(s){}", problems.len() + n_more, if *n_more > 0 { format!(" ({} not shown)", n_more) } else { String::new() })]
    Refused {
        /// The problems found (up to the configured limit).
        problems: Vec<Problem>,
        /// How many more were found but not kept.
        n_more: usize,
    },
    /// The plan would terminate more people than allowed.
    #[error("the plan would terminate {} of {} active people, more than the limit of {}; check the file is complete, or raise the limit with --max-terminations", report.n_terminated, report.n_active_before, limit)]
    GuardTripped {
        /// The limit that tripped.
        limit: TerminationLimit,
        /// The whole plan, terminations included.
        report: Box<SyncReport>,
    },
    /// The store failed.
    #[error(transparent)]
    Store(E),
}

struct Problems {
    list: Vec<Problem>,
    n_more: usize,
    max: usize,
}

impl Problems {
    fn push(&mut self, p: Problem) {
        if self.list.len() < self.max {
            self.list.push(p);
        } else {
            self.n_more += 1;
        }
    }
    fn is_empty(&self) -> bool {
        self.list.is_empty() && self.n_more == 0
    }
}

/// Runs one sync: validates the whole snapshot, plans it, and (unless `config.dry_run`, and only
/// while no problem has been found) hands each step to `target`. Returns the plan.
///
/// On `Err`, the caller must roll back whatever `target` did: the plan was refused.
pub fn run<S: Snapshot + ?Sized, T: SyncTarget>(
    source: &mut S,
    target: &mut T,
    config: &SyncConfig,
) -> Result<SyncReport, SyncError<T::Error>> {
    let header = source.header().clone();
    let day = header.as_of;
    let role = config.role;
    let owns_people = role == SourceRole::People;
    target.begin(&header, role).map_err(SyncError::Store)?;
    let mut problems = Problems {
        list: Vec::new(),
        n_more: 0,
        max: config.max_problems.max(1),
    };
    let write = |problems: &Problems| !config.dry_run && problems.is_empty();

    let (mut incoming, catalog_problems) = source.catalog();
    catalog_problems.into_iter().for_each(|p| problems.push(p));
    let existing = target.catalog().map_err(SyncError::Store)?;
    incoming.catalog = incoming.catalog.keeping_unstated(&existing);
    if incoming.names_if_new {
        drop_known_units_and_occupations(&mut incoming, &existing);
    }
    let merged = existing.merged(&incoming.catalog);
    check_catalog(&merged, &incoming)
        .into_iter()
        .for_each(|p| problems.push(p));
    let mut catalog_ops = plan_catalog(&existing, &incoming.catalog);
    // A full snapshot that states requirements states all of its source's requirements.
    if header.kind == SnapshotKind::Full && !incoming.catalog.requirements.is_empty() {
        let held = target
            .requirements_from(&header.source)
            .map_err(SyncError::Store)?;
        catalog_ops.extend(plan_requirement_removals(&held, &incoming.catalog));
    }
    if write(&problems) && !catalog_ops.is_empty() {
        target
            .apply_catalog(&catalog_ops)
            .map_err(SyncError::Store)?;
    }

    let units: HashSet<&str> = merged.units.iter().map(|u| u.id.as_str()).collect();
    let occupations: HashSet<&str> = merged.occupations.iter().map(|o| o.code.as_str()).collect();
    let systems: HashSet<&str> = merged.systems.iter().map(|s| s.code.as_str()).collect();
    let courses: HashMap<&str, &Course> = merged
        .courses
        .iter()
        .map(|c| (c.code.as_str(), c))
        .collect();

    let mut people_seen: HashMap<Box<str>, Slot> = HashMap::new();
    let mut n_active_before = 0usize;
    target
        .person_index(day, &mut |no, entry| {
            // The people a full snapshot can terminate: active, or hired to start later.
            n_active_before += usize::from(entry.active || entry.planned);
            people_seen.insert(
                no.into_boxed_str(),
                Slot {
                    entry: Some(entry),
                    seen_at: NOT_SEEN,
                },
            );
        })
        .map_err(SyncError::Store)?;
    let mut n_seen = 0usize;
    let mut forward_managers: Vec<(String, Location)> = Vec::new();
    let mut people = Vec::new();
    let mut counts = [0usize; 5];
    let mut n_evidence = 0usize;
    let mut warnings = Problems {
        list: Vec::new(),
        n_more: 0,
        max: config.max_problems.max(1),
    };
    let mut n_skipped = 0usize;

    loop {
        let mut record = match source.next_person() {
            Ok(Some(record)) => record,
            Ok(None) => break,
            Err(list) => {
                list.into_iter().for_each(|p| problems.push(p));
                continue;
            }
        };
        let before = problems.list.len() + problems.n_more;
        // No national identity number is ever stored, whichever adapter read the record.
        let national_ids = crate::privacy::national_id_fields(&record);
        if !national_ids.is_empty() {
            for (location, field) in national_ids {
                problems.push(Problem::new(
                    &location,
                    None,
                    format!(
                        "{field} looks like a national identity number (personnummer, \
                         samordningsnummer, fødselsnummer or D-nummer); the value is not shown \
                         and the registry never stores one: use the employee number"
                    ),
                ));
            }
            continue;
        }
        if let Some(first_line) = people_seen
            .get(record.employee_no.as_str())
            .and_then(Slot::seen_line)
        {
            let first = first_line
                .map(|l| format!(" (first on line {l})"))
                .unwrap_or_default();
            problems.push(Problem::new(
                &record.location,
                Some(&record.employee_no),
                format!("duplicate employeeNo{first}: each person may appear once"),
            ));
            continue;
        }
        n_seen += 1;
        let seen_at = Slot::line_code(record.location.line);
        match people_seen.get_mut(record.employee_no.as_str()) {
            Some(slot) => slot.seen_at = seen_at,
            None => {
                people_seen.insert(
                    record.employee_no.as_str().into(),
                    Slot {
                        entry: None,
                        seen_at,
                    },
                );
            }
        }
        let mut keys = HashSet::new();
        // An evidence source's employments are not read: the owner of people states them.
        let employments = if owns_people {
            record.employments.as_slice()
        } else {
            &[]
        };
        for e in employments {
            if !keys.insert((e.unit.as_str(), e.occupation.as_str(), e.start)) {
                problems.push(Problem::new(
                    &e.location,
                    Some(&e.start.to_string()),
                    format!(
                        "person {} has two employments in unit {} as {} starting the same day: merge them",
                        record.employee_no, e.unit, e.occupation
                    ),
                ));
            }
            if let Some(end) = e.end.filter(|end| *end < e.start) {
                problems.push(Problem::new(
                    &e.location,
                    Some(&end.to_string()),
                    format!("the employment ends before it starts ({})", e.start),
                ));
            }
            if e.manager.as_deref() == Some(record.employee_no.as_str()) {
                problems.push(Problem::new(
                    &e.location,
                    Some(&record.employee_no),
                    "a person cannot be their own manager: correct managerEmployeeNo",
                ));
            }
            if !units.contains(e.unit.as_str()) {
                problems.push(Problem::new(
                    &e.location,
                    Some(&e.unit),
                    "unknown org unit: add it to OrgUnits or correct the employment",
                ));
            }
            if !occupations.contains(e.occupation.as_str()) {
                problems.push(Problem::new(
                    &e.location,
                    Some(&e.occupation),
                    "unknown occupation: add it to Occupations or correct the employment",
                ));
            }
            if let Some(m) = &e.manager
                && !people_seen.contains_key(m.as_str())
            {
                forward_managers.push((m.clone(), e.location.clone()));
            }
        }
        // An owner's evidence naming an unknown system or course refuses the snapshot (its
        // catalog is wrong). An evidence-only source (an LRS mapped to course codes) skips that
        // record with a warning, so that one stale mapping does not block everyone's results.
        let mut unknown = Vec::new();
        for (i, ev) in record.evidence.iter().enumerate() {
            let (code, what) = match ev {
                EvidenceRecord::Competence { system, .. } if !systems.contains(system.as_str()) => {
                    (system, "system: add it to Systems or correct the record")
                }
                EvidenceRecord::CourseResult { course, .. }
                    if !courses.contains_key(course.as_str()) =>
                {
                    (course, "course: add it to Courses or correct the record")
                }
                _ => continue,
            };
            if owns_people {
                problems.push(Problem::new(
                    ev.location(),
                    Some(code),
                    format!("unknown {what}"),
                ));
            } else {
                warnings.push(Problem::new(
                    ev.location(),
                    Some(code),
                    format!("unknown {what}; the record was left out"),
                ));
                unknown.push(i);
            }
        }
        if !unknown.is_empty() {
            let mut index = 0;
            record.evidence.retain(|_| {
                let keep = !unknown.contains(&index);
                index += 1;
                keep
            });
        }
        if problems.list.len() + problems.n_more > before {
            continue;
        }
        let entry = people_seen
            .get(record.employee_no.as_str())
            .and_then(|s| s.entry);
        let entry = entry.as_ref();
        if !owns_people && entry.is_none() {
            n_skipped += 1;
            warnings.push(Problem::new(
                &record.location,
                Some(&record.employee_no),
                format!(
                    "not in the registry: {} contributes evidence only, so the person was not created; their evidence was not recorded",
                    header.source
                ),
            ));
            continue;
        }
        // Unchanged since the last sync: nothing to read or write. (An end date that has now
        // passed needs no write either: activity is computed from the dates on every day.)
        if let Some(IndexEntry {
            digest: Some(d), ..
        }) = entry
            && *d == record.digest()
        {
            counts[4] += 1;
            continue;
        }
        let state = match entry {
            Some(_) => Some(
                target
                    .person_state(&record.employee_no)
                    .map_err(SyncError::Store)?,
            ),
            None => None,
        };
        let plan = match &state {
            Some(state) if !owns_people => {
                plan_evidence_only(state, &record, &courses, record.digest())
            }
            _ => plan_person(state.as_ref(), &record, &courses, day),
        };
        let slot = match plan.change {
            PersonChange::Created => 0,
            PersonChange::Updated => 1,
            PersonChange::Reactivated => 2,
            PersonChange::Terminated => 3,
            PersonChange::Unchanged => 4,
        };
        counts[slot] += 1;
        n_evidence += plan.evidence.len();
        let listed = match plan.change {
            PersonChange::Unchanged => false,
            PersonChange::Created => counts[0] <= config.max_listed_created,
            _ => true,
        };
        if listed {
            people.push(PersonLine {
                employee_no: plan.employee_no.clone(),
                change: plan.change,
                n_evidence: plan.evidence.len(),
            });
        }
        if write(&problems) {
            target.apply_person(&plan).map_err(SyncError::Store)?;
        }
    }

    let end = source.finish();
    // People the adapter left out: not absent (so not terminated), but not in the file either
    // (so not a manager anyone may name unless the registry holds them). Each counted once.
    let skipped: BTreeSet<&str> = end.skipped.iter().map(String::as_str).collect();
    for no in skipped {
        n_skipped += 1;
        if let Some(slot) = people_seen.get_mut(no)
            && slot.seen_at == NOT_SEEN
            && slot.entry.is_some()
        {
            slot.seen_at = SEEN_NO_LINE;
        }
    }
    end.warnings.into_iter().for_each(|w| warnings.push(w));
    for (manager, location) in forward_managers {
        if people_seen
            .get(manager.as_str())
            .is_none_or(|s| s.seen_at == NOT_SEEN)
        {
            problems.push(Problem::new(
                &location,
                Some(&manager),
                "unknown manager: managerEmployeeNo names nobody in the file or the registry",
            ));
        }
    }
    if !problems.is_empty() {
        return Err(SyncError::Refused {
            problems: problems.list,
            n_more: problems.n_more,
        });
    }

    let mut absent: Vec<&Box<str>> = Vec::new();
    if header.kind == SnapshotKind::Full && owns_people {
        absent = people_seen
            .iter()
            .filter(|(_, s)| {
                s.seen_at == NOT_SEEN && s.entry.is_some_and(|e| e.active || e.planned)
            })
            .map(|(no, _)| no)
            .collect();
        absent.sort();
    }
    for no in &absent {
        people.push(PersonLine {
            employee_no: no.to_string(),
            change: PersonChange::Terminated,
            n_evidence: 0,
        });
    }
    counts[3] += absent.len();
    people.sort_by(|a, b| a.employee_no.cmp(&b.employee_no));
    let report = SyncReport {
        header,
        dry_run: config.dry_run,
        catalog: catalog_ops,
        people,
        n_seen,
        n_active_before,
        n_created: counts[0],
        n_updated: counts[1],
        n_reactivated: counts[2],
        n_terminated: counts[3],
        n_unchanged: counts[4],
        n_evidence,
        digest: source.digest(),
        role,
        n_warnings: warnings.list.len() + warnings.n_more,
        warnings: warnings.list,
        n_skipped,
        watermark: end.watermark,
    };
    if config
        .max_terminations
        .exceeded(report.n_terminated, n_active_before)
    {
        return Err(SyncError::GuardTripped {
            limit: config.max_terminations,
            report: Box::new(report),
        });
    }
    if !config.dry_run {
        let last_day = day_before(day);
        for no in absent {
            target.terminate(no, last_day).map_err(SyncError::Store)?;
        }
    }
    Ok(report)
}
