//! Generated nights for the property tests of the sync engine (the core's and the store's
//! `tests/it/prop.rs`): a small catalog and up to 20 people with employments and evidence, as a
//! first night (A) and a later night (B) of the same source.
//!
//! B is what a competence system exports the next time: some people left, some joined, some
//! changed name or employments, and everyone kept lists every piece of evidence A listed for
//! them, and perhaps more (evidence is held forever, so an export only grows). Within one
//! person no two self-assessments, and no two manager assessments, of one system fall on the
//! same day: the rules break such a tie by recording order, which two registries fed in
//! different orders need not share.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Days, NaiveDate};
use proptest::prelude::*;
use skillreg_core::{
    Catalog, CompetenceSource, Course, EmploymentRecord, EvidenceRecord, Level, Occupation,
    OrgUnit, PersonRecord, Requirement, SnapshotKind, SourceCatalog, System,
};

use crate::VecSnapshot;

/// The day of night A.
pub fn day_a() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 20).unwrap_or_default()
}

fn day(base: (i32, u32, u32), offset: u32) -> NaiveDate {
    let (y, m, d) = base;
    NaiveDate::from_ymd_opt(y, m, d)
        .and_then(|d| d.checked_add_days(Days::new(u64::from(offset))))
        .unwrap_or_default()
}

const UNITS: [(&str, &str, Option<&str>); 3] = [
    ("SOC", "Socialförvaltningen", None),
    ("SOC-HT", "Hemtjänst Centrum", Some("SOC")),
    ("SOC-SÄBO", "Solgården", Some("SOC")),
];
const OCCUPATIONS: [&str; 2] = ["USK", "SSK"];
const SYSTEMS: [&str; 2] = ["LIFECARE", "O365"];
/// Course code, system, level granted, months valid.
const COURSES: [(&str, &str, u8, Option<u32>); 3] = [
    ("LC-DOK", "LIFECARE", 2, None),
    ("LC-HANDL", "LIFECARE", 3, Some(24)),
    ("O365-1", "O365", 1, None),
];
/// Every requirement a snapshot may state: occupation, system, level, unit.
const REQUIREMENTS: [(&str, &str, u8, Option<&str>); 6] = [
    ("USK", "LIFECARE", 2, None),
    ("USK", "LIFECARE", 3, Some("SOC-SÄBO")),
    ("USK", "O365", 1, None),
    ("SSK", "LIFECARE", 3, None),
    ("SSK", "O365", 2, None),
    ("SSK", "O365", 4, Some("SOC-HT")),
];

fn level(n: u8) -> Level {
    match n {
        1 => Level::Basic,
        2 => Level::Independent,
        3 => Level::Advanced,
        _ => Level::Expert,
    }
}

/// The catalog with the requirements whose bits are set in `requirements`.
pub fn catalog(requirements: u8) -> SourceCatalog {
    let catalog = Catalog {
        units: UNITS
            .iter()
            .map(|(id, name, parent)| OrgUnit {
                id: (*id).into(),
                name: (*name).into(),
                parent: parent.map(str::to_string),
            })
            .collect(),
        occupations: OCCUPATIONS
            .iter()
            .map(|code| Occupation {
                code: (*code).into(),
                name: format!("{code} name"),
            })
            .collect(),
        systems: SYSTEMS
            .iter()
            .map(|code| System {
                code: (*code).into(),
                name: format!("{code} name"),
                vendor: None,
                level_descriptions: [None, None, None, None],
            })
            .collect(),
        requirements: REQUIREMENTS
            .iter()
            .enumerate()
            .filter(|(i, _)| requirements & (1 << i) != 0)
            .map(|(_, (occupation, system, n, unit))| Requirement {
                occupation: (*occupation).into(),
                system: (*system).into(),
                level: level(*n),
                unit: unit.map(str::to_string),
            })
            .collect(),
        courses: COURSES
            .iter()
            .map(|(code, system, n, months)| Course {
                code: (*code).into(),
                name: format!("{code} name"),
                system: (*system).into(),
                grants: level(*n),
                valid_months: *months,
                audience: Vec::new(),
            })
            .collect(),
        groups: Vec::new(),
    };
    SourceCatalog {
        catalog,
        ..SourceCatalog::default()
    }
}

/// A piece of evidence: kind (0 self, 1 manager, 2 unnamed course, 3 named course), system or
/// course index, level, day.
type Ev = (u8, usize, u8, u32);

fn evidence_record((kind, which, n, offset): Ev) -> EvidenceRecord {
    let date = day((2024, 6, 1), offset);
    if kind == 3 {
        return EvidenceRecord::CourseResult {
            course: COURSES[which % COURSES.len()].0.into(),
            completed: date,
            location: Default::default(),
        };
    }
    EvidenceRecord::Competence {
        system: SYSTEMS[which % SYSTEMS.len()].into(),
        level: level(n),
        source: match kind {
            0 => CompetenceSource::SelfAssessment,
            1 => CompetenceSource::Manager,
            _ => CompetenceSource::Course,
        },
        date,
        assessor: None,
        location: Default::default(),
    }
}

/// The tie key: (system, self or manager, day); `None` for evidence whose order never matters.
fn tie(e: &EvidenceRecord) -> Option<(String, bool, NaiveDate)> {
    match e {
        EvidenceRecord::Competence {
            system,
            source: source @ (CompetenceSource::SelfAssessment | CompetenceSource::Manager),
            date,
            ..
        } => Some((system.clone(), *source == CompetenceSource::Manager, *date)),
        _ => None,
    }
}

/// Appends `more` to `list`, leaving out records that would tie with one already there.
fn add_evidence(list: &mut Vec<EvidenceRecord>, more: &[Ev]) {
    let mut ties: BTreeSet<_> = list.iter().filter_map(tie).collect();
    for ev in more {
        let record = evidence_record(*ev);
        if tie(&record).is_none_or(|key| ties.insert(key)) {
            list.push(record);
        }
    }
}

/// An employment: unit, occupation, start offset, days until the end, percent.
type Emp = (usize, usize, u32, Option<u32>, Option<u8>);

/// A person's facts: given name, family name, email?, employments, evidence.
#[derive(Debug, Clone)]
struct Body {
    given: u8,
    family: u8,
    email: bool,
    employments: Vec<Emp>,
    evidence: Vec<Ev>,
}

fn ev() -> impl Strategy<Value = Ev> {
    (0..4u8, 0..3usize, 1..=4u8, 0..900u32)
}

fn body() -> impl Strategy<Value = Body> {
    let emp = (
        0..3usize,
        0..2usize,
        0..1100u32,
        prop::option::of(0..500u32),
        prop::option::of(1..=100u8),
    );
    (
        0..4u8,
        0..4u8,
        any::<bool>(),
        prop::collection::vec(emp, 1..3),
        prop::collection::vec(ev(), 0..5),
    )
        .prop_map(|(given, family, email, employments, evidence)| Body {
            given,
            family,
            email,
            employments,
            evidence,
        })
}

fn record(no: &str, body: &Body, evidence: Vec<EvidenceRecord>) -> PersonRecord {
    const GIVEN: [&str; 4] = ["Anna", "Linnéa", "Mohammed", "Sofia"];
    const FAMILY: [&str; 4] = ["Lindqvist", "Karlsson", "Al-Sayed", "Öhman & Berg"];
    let mut seen = BTreeSet::new();
    let employments: Vec<EmploymentRecord> = body
        .employments
        .iter()
        .filter(|(unit, occupation, start, ..)| seen.insert((*unit, *occupation, *start)))
        .enumerate()
        .map(|(i, (unit, occupation, start, length, percent))| {
            let start_day = day((2024, 1, 1), *start);
            EmploymentRecord {
                unit: UNITS[*unit].0.into(),
                occupation: OCCUPATIONS[*occupation].into(),
                percent: *percent,
                start: start_day,
                end: length.map(|n| day((2024, 1, 1), start + n)),
                manager: None,
                primary: i == 0,
                location: Default::default(),
            }
        })
        .collect();
    PersonRecord {
        employee_no: no.into(),
        given_name: GIVEN[usize::from(body.given) % 4].into(),
        family_name: FAMILY[usize::from(body.family) % 4].into(),
        email: body.email.then(|| format!("{no}@example.se")),
        gender: None,
        employments,
        evidence,
        location: Default::default(),
    }
}

/// Two nights of one source: (requirements, people) of A, then of B, and B's day.
#[derive(Debug, Clone)]
pub struct Nights {
    /// Night A: the requirements' bits (see [`catalog`]) and the people.
    pub a: (u8, Vec<PersonRecord>),
    /// Night B, as A.
    pub b: (u8, Vec<PersonRecord>),
    /// The day of night B (night A is [`day_a`]), up to 29 days later.
    pub day_b: NaiveDate,
}

/// What B does with one employee number of the pool.
#[derive(Debug, Clone)]
struct Next {
    keep: bool,
    changed: Option<Body>,
    more_evidence: Vec<Ev>,
}

/// A and B over employee numbers 10000..10030, each with up to 20 people.
pub fn nights() -> impl Strategy<Value = Nights> {
    let next = (
        prop::bool::weighted(0.8),
        prop::option::weighted(0.3, body()),
        prop::collection::vec(ev(), 0..3),
    )
        .prop_map(|(keep, changed, more_evidence)| Next {
            keep,
            changed,
            more_evidence,
        });
    // Every night states some requirements: one that states none leaves those held as they are
    // (README: only an export that lists requirements withdraws the ones it no longer lists).
    (
        1..64u8,
        prop::collection::btree_map(0..30u32, body(), 0..=20),
        1..64u8,
        prop::collection::vec(next, 30),
        0..30u32,
    )
        .prop_map(|(req_a, a, req_b, next, later)| {
            let mut people_a = Vec::new();
            let mut people_b = Vec::new();
            let mut evidence_a: BTreeMap<u32, Vec<EvidenceRecord>> = BTreeMap::new();
            for (i, body) in &a {
                let mut evidence = Vec::new();
                add_evidence(&mut evidence, &body.evidence);
                evidence_a.insert(*i, evidence.clone());
                people_a.push(record(&format!("{}", 10_000 + i), body, evidence));
            }
            for (i, step) in next.iter().enumerate() {
                let i = i as u32;
                if !step.keep || people_b.len() >= 20 {
                    continue;
                }
                let no = format!("{}", 10_000 + i);
                match (a.get(&i), &step.changed) {
                    (Some(old), changed) => {
                        let body = changed.as_ref().unwrap_or(old);
                        let mut evidence = evidence_a.remove(&i).unwrap_or_default();
                        add_evidence(&mut evidence, &step.more_evidence);
                        people_b.push(record(&no, body, evidence));
                    }
                    (None, Some(new)) => {
                        let mut evidence = Vec::new();
                        add_evidence(&mut evidence, &new.evidence);
                        people_b.push(record(&no, new, evidence));
                    }
                    (None, None) => {}
                }
            }
            Nights {
                a: (req_a, people_a),
                b: (req_b, people_b),
                day_b: day_a()
                    .checked_add_days(Days::new(u64::from(later)))
                    .unwrap_or_default(),
            }
        })
}

/// A full snapshot of `people` as of `day` from the source `wlx`, with the catalog of
/// [`catalog`]`(requirements)`.
pub fn snapshot(day: NaiveDate, requirements: u8, people: &[PersonRecord]) -> VecSnapshot {
    VecSnapshot::new("wlx", SnapshotKind::Full, day, people.to_vec())
        .with_catalog(catalog(requirements))
}

/// The evidence a record states, as the registry holds it: (system, level, date, kind).
pub fn held_form(record: &EvidenceRecord) -> (String, u8, NaiveDate, String) {
    match record {
        EvidenceRecord::Competence {
            system,
            level,
            source,
            date,
            ..
        } => (system.clone(), level.number(), *date, format!("{source:?}")),
        EvidenceRecord::CourseResult {
            course, completed, ..
        } => {
            let (_, system, n, _) = COURSES
                .iter()
                .find(|(code, ..)| code == course)
                .copied()
                .unwrap_or(("", "", 0, None));
            (system.into(), n, *completed, format!("course {course}"))
        }
    }
}

/// A piece of evidence as the registry holds it, in the form of [`held_form`].
pub fn evidence_form(e: &skillreg_core::Evidence) -> (String, u8, NaiveDate, String) {
    use skillreg_core::EvidenceKind;
    let kind = match &e.kind {
        EvidenceKind::SelfAssessment => "SelfAssessment".to_string(),
        EvidenceKind::ManagerAssessment { .. } => "Manager".to_string(),
        EvidenceKind::CourseResult { course: None, .. } => "Course".to_string(),
        EvidenceKind::CourseResult {
            course: Some(course),
            ..
        } => format!("course {course}"),
    };
    (e.system.clone(), e.level.number(), e.date, kind)
}

/// Every piece of evidence of `nights` per employee number, once each, in the registry's form.
///
/// One rule of the engine is modelled here: a course result without its course code (as a
/// result sent back to the HR system returns) is the result already held from an earlier night
/// with a code, the same system, level and day, and is not held twice. Within one night both
/// are new and both are held.
pub fn stated_evidence(
    nights: &[&[PersonRecord]],
) -> BTreeMap<String, BTreeSet<(String, u8, NaiveDate, String)>> {
    let mut out: BTreeMap<String, BTreeSet<_>> = BTreeMap::new();
    for people in nights {
        for p in *people {
            let set = out.entry(p.employee_no.clone()).or_default();
            let returned = |form: &(String, u8, NaiveDate, String)| {
                form.3 == "Course"
                    && set.iter().any(|held: &(String, u8, NaiveDate, String)| {
                        held.3.starts_with("course ")
                            && (&held.0, held.1, held.2) == (&form.0, form.1, form.2)
                    })
            };
            let new: Vec<_> = p
                .evidence
                .iter()
                .map(held_form)
                .filter(|form| !returned(form))
                .collect();
            set.extend(new);
        }
    }
    out
}
