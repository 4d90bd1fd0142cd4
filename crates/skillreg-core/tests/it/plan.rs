//! The sync engine: `plan_catalog`, `check_catalog`, `plan_person`, `TerminationLimit` and
//! `sync::run` over an in-memory store and snapshot written here.
//!
//! Fixtures are written as text, one line per item:
//! - an employment: `UNIT OCCUPATION START..[END] [PCT%] [manager NO]` (the first is primary);
//! - a source's evidence record: `competence SYSTEM LEVEL self|manager|course DATE [assessor NO]`
//!   or `result COURSE DATE`;
//! - registry evidence: `SYSTEM self LEVEL DATE`, `SYSTEM manager LEVEL DATE [by NO]`,
//!   `SYSTEM course CODE|- LEVEL DATE [until EXPIRY]`.

// Case tables are tuples of slices, which clippy calls complex; named types would only add noise.
#![allow(clippy::type_complexity)]

use std::collections::HashMap;

use skillreg_core::sync::{
    self, EmploymentOp, PersonChange, PersonPlan, PersonState, SyncConfig, SyncError, SyncReport,
    TerminationLimit,
};
use skillreg_core::{
    Catalog, CatalogLocations, CompetenceSource, Course, Employee, Employment, Evidence,
    EvidenceKind, EvidenceRecord, Group, Level, Location, Occupation, OrgUnit, PersonRecord,
    Problem, Requirement, SnapshotKind, SourceCatalog, System,
};
use skillreg_testkit::fixture::{self, employments, evidence, level};
use skillreg_testkit::{Failure, MemoryTarget, VecSnapshot, Write, d, strings};

const FILE: &str = "export.xml";

fn loc(line: u64, element: &str) -> Location {
    fixture::loc(FILE, line, element)
}

// ---------------------------------------------------------------------------------------------
// The catalog.

fn unit(id: &str, parent: Option<&str>) -> OrgUnit {
    OrgUnit {
        id: id.into(),
        name: format!("Unit {id}"),
        parent: parent.map(str::to_string),
    }
}

fn occupation(code: &str) -> Occupation {
    Occupation {
        code: code.into(),
        name: format!("Occupation {code}"),
    }
}

fn system(code: &str) -> System {
    System {
        code: code.into(),
        name: format!("System {code}"),
        vendor: None,
        level_descriptions: [None, None, None, None],
    }
}

fn requirement(occupation: &str, system: &str, l: &str, unit: Option<&str>) -> Requirement {
    Requirement {
        occupation: occupation.into(),
        system: system.into(),
        level: level(l),
        unit: unit.map(str::to_string),
    }
}

fn course(code: &str, system: &str, grants: &str, valid_months: Option<u32>) -> Course {
    Course {
        code: code.into(),
        name: format!("Course {code}"),
        system: system.into(),
        grants: level(grants),
        valid_months,
        audience: Vec::new(),
    }
}

fn group(code: &str, phase: u32, occupations: &[&str], units: &[&str]) -> Group {
    Group {
        code: code.into(),
        name: format!("Group {code}"),
        occupations: occupations.iter().map(|o| o.to_string()).collect(),
        units: units.iter().map(|u| u.to_string()).collect(),
        phase,
    }
}

/// The catalog of the sync cases: 3 units, 2 occupations, 2 systems, 1 requirement, 2 courses.
fn sync_catalog() -> Catalog {
    Catalog {
        units: vec![
            unit("SOC-HT", Some("SOC")),
            unit("SOC", None),
            unit("SOC-SÄBO", Some("SOC")),
        ],
        occupations: vec![occupation("USK"), occupation("ECH")],
        systems: vec![system("LIFECARE"), system("O365")],
        requirements: vec![requirement("USK", "LIFECARE", "2", None)],
        courses: vec![
            course("LC-HANDL", "LIFECARE", "3", Some(24)),
            course("LC-DOK", "LIFECARE", "2", None),
        ],
        groups: Vec::new(),
    }
}

// ---------------------------------------------------------------------------------------------
// People, as a source states them and as the registry holds them.

fn render_employment(e: &Employment) -> String {
    let mut out = format!(
        "{} {} {}..{}",
        e.unit,
        e.occupation,
        e.start,
        e.end.map(|d| d.to_string()).unwrap_or_default()
    );
    if let Some(p) = e.percent {
        out.push_str(&format!(" {p}%"));
    }
    if let Some(m) = &e.manager {
        out.push_str(&format!(" manager {m}"));
    }
    if e.primary {
        out.push_str(" primary");
    }
    out
}

fn render_evidence(e: &Evidence) -> String {
    let head = format!("{} {}", e.system, e.kind.name());
    match &e.kind {
        EvidenceKind::SelfAssessment => format!("{head} {} {}", e.level, e.date),
        EvidenceKind::ManagerAssessment { assessor } => match assessor {
            Some(by) => format!("{head} {} {} by {by}", e.level, e.date),
            None => format!("{head} {} {}", e.level, e.date),
        },
        EvidenceKind::CourseResult { course, expires } => {
            let code = course.as_deref().unwrap_or("-");
            match expires {
                Some(x) => format!("{head} {code} {} {} until {x}", e.level, e.date),
                None => format!("{head} {code} {} {}", e.level, e.date),
            }
        }
    }
}

/// A person record in the export. `name` is "Given Family"; `line` is where `<Person>` starts,
/// employments follow on the next lines, then evidence.
fn record(no: &str, name: &str, line: u64, emps: &[&str], evs: &[&str]) -> PersonRecord {
    fixture::person(FILE, no, name, line, emps, evs)
}

/// What the registry holds about a person, for `plan_person`.
fn state(name: &str, emps: &[&str], evs: &[&str]) -> PersonState {
    let (given, family) = name
        .split_once(' ')
        .unwrap_or_else(|| panic!("bad name {name:?}"));
    PersonState {
        employee: Some(Employee {
            employee_no: "10023".into(),
            given_name: given.into(),
            family_name: family.into(),
            email: None,
            employments: employments(emps),
        }),
        evidence: evs.iter().map(|s| evidence(s)).collect(),
        gender: None,
    }
}

// ---------------------------------------------------------------------------------------------
// plan_catalog, check_catalog, Catalog::merged.

#[test]
fn plan_catalog_creates_and_updates_in_apply_order() {
    fn check(name: &str, existing: &Catalog, incoming: &Catalog, expected: &[&str]) {
        let got: Vec<String> = sync::plan_catalog(existing, incoming)
            .iter()
            .map(|op| format!("{:?} {}", op.change, op.item.label()))
            .collect();
        assert_eq!(got, expected, "case {name:?}");
    }
    let renamed_unit = Catalog {
        units: vec![OrgUnit {
            name: "Hemtjänsten".into(),
            ..unit("SOC-HT", Some("SOC"))
        }],
        ..Catalog::default()
    };
    let with_unit_requirement = Catalog {
        requirements: vec![
            requirement("USK", "LIFECARE", "3", Some("SOC-SÄBO")),
            requirement("USK", "LIFECARE", "2", None),
        ],
        ..Catalog::default()
    };
    let raised = Catalog {
        requirements: vec![requirement("USK", "LIFECARE", "3", None)],
        courses: vec![course("LC-HANDL", "LIFECARE", "3", Some(36))],
        ..Catalog::default()
    };
    let with_groups = Catalog {
        groups: vec![
            group("STEG2", 2, &["ECH"], &[]),
            group("STEG1", 1, &["USK"], &["SOC-HT", "SOC-SÄBO"]),
        ],
        ..sync_catalog()
    };
    let regrouped = Catalog {
        groups: vec![group("STEG2", 3, &["ECH"], &[])],
        ..Catalog::default()
    };
    let cases: Vec<(&str, Catalog, Catalog, Vec<&str>)> = vec![
        (
            "new groups: created after the courses, sorted by code",
            sync_catalog(),
            with_groups.clone(),
            vec!["Created group STEG1", "Created group STEG2"],
        ),
        (
            "a catalog that states no groups (an HR export) keeps the groups held: nothing",
            with_groups.clone(),
            sync_catalog(),
            vec![],
        ),
        (
            "a group moved to another phase: updated",
            with_groups,
            regrouped,
            vec!["Updated group STEG2"],
        ),
        (
            "an empty registry: everything created, units, occupations, systems, requirements, \
             courses, each sorted by key",
            Catalog::default(),
            sync_catalog(),
            vec![
                "Created unit SOC",
                "Created unit SOC-HT",
                "Created unit SOC-SÄBO",
                "Created occupation ECH",
                "Created occupation USK",
                "Created system LIFECARE",
                "Created system O365",
                "Created requirement USK/LIFECARE = 2",
                "Created course LC-DOK",
                "Created course LC-HANDL",
            ],
        ),
        (
            "the same catalog: nothing",
            sync_catalog(),
            sync_catalog(),
            vec![],
        ),
        (
            "items missing from the incoming catalog are kept: nothing",
            sync_catalog(),
            Catalog::default(),
            vec![],
        ),
        (
            "a changed name: updated",
            sync_catalog(),
            renamed_unit,
            vec!["Updated unit SOC-HT"],
        ),
        (
            "a unit requirement is another requirement than the general one",
            sync_catalog(),
            with_unit_requirement,
            vec!["Created requirement USK/LIFECARE@SOC-SÄBO = 3"],
        ),
        (
            "a changed level or validity: updated",
            sync_catalog(),
            raised,
            vec![
                "Updated requirement USK/LIFECARE = 3",
                "Updated course LC-HANDL",
            ],
        ),
    ];
    for (name, existing, incoming, expected) in &cases {
        check(name, existing, incoming, expected);
    }
}

#[test]
fn catalog_merged_overlays_and_sorts() {
    let existing = Catalog {
        units: vec![unit("SOC-HT", Some("SOC")), unit("SOC", None)],
        courses: vec![course("LC-HANDL", "LIFECARE", "3", Some(24))],
        ..Catalog::default()
    };
    let incoming = Catalog {
        units: vec![
            unit("BUF", None),
            OrgUnit {
                name: "Hemtjänsten".into(),
                ..unit("SOC-HT", Some("SOC"))
            },
        ],
        courses: vec![course("LC-HANDL", "LIFECARE", "3", Some(36))],
        ..Catalog::default()
    };
    let merged = existing.merged(&incoming);
    let units: Vec<(&str, &str)> = merged
        .units
        .iter()
        .map(|u| (u.id.as_str(), u.name.as_str()))
        .collect();
    assert_eq!(
        units,
        [
            ("BUF", "Unit BUF"),
            ("SOC", "Unit SOC"),
            ("SOC-HT", "Hemtjänsten")
        ]
    );
    assert_eq!(
        merged.course("LC-HANDL").and_then(|c| c.valid_months),
        Some(36)
    );
    assert!(!merged.is_empty());
    assert!(Catalog::default().merged(&Catalog::default()).is_empty());
}

#[test]
fn check_catalog_reports_every_broken_reference() {
    fn check(name: &str, existing: &Catalog, incoming: &SourceCatalog, expected: &[&str]) {
        let merged = existing.merged(&incoming.catalog);
        let got: Vec<String> = sync::check_catalog(&merged, incoming)
            .iter()
            .map(Problem::to_string)
            .collect();
        assert_eq!(got, expected, "case {name:?}");
    }
    let located = |catalog: Catalog| {
        let at = |first: u64, n: usize, element: &str| -> Vec<Location> {
            (0..n).map(|i| loc(first + i as u64, element)).collect()
        };
        let locations = CatalogLocations {
            units: at(3, catalog.units.len(), "OrgUnit"),
            occupations: at(20, catalog.occupations.len(), "Occupation"),
            systems: at(30, catalog.systems.len(), "System"),
            requirements: at(40, catalog.requirements.len(), "Requirement"),
            courses: at(50, catalog.courses.len(), "Course"),
            groups: at(60, catalog.groups.len(), "Group"),
        };
        SourceCatalog {
            catalog,
            locations,
            names_if_new: false,
        }
    };
    let cases: Vec<(&str, Catalog, SourceCatalog, Vec<&str>)> = vec![
        (
            "a complete catalog",
            Catalog::default(),
            located(sync_catalog()),
            vec![],
        ),
        (
            "references to items the registry already holds",
            sync_catalog(),
            located(Catalog {
                units: vec![unit("SOC-NY", Some("SOC"))],
                requirements: vec![requirement("ECH", "O365", "3", Some("SOC-NY"))],
                courses: vec![course("TEAMS-1", "O365", "2", None)],
                ..Catalog::default()
            }),
            vec![],
        ),
        (
            "an unknown parent unit",
            Catalog::default(),
            located(Catalog {
                units: vec![unit("SOC", None), unit("SOC-HT", Some("SOCIAL"))],
                ..Catalog::default()
            }),
            vec![
                "export.xml: line 4: <OrgUnit>: org unit SOC-HT names an unknown parent unit \
                 (value \"SOCIAL\")",
            ],
        ),
        (
            "a cycle, at the first incoming unit on it",
            Catalog::default(),
            located(Catalog {
                units: vec![
                    unit("ROOT", None),
                    unit("B", Some("A")),
                    unit("A", Some("B")),
                ],
                ..Catalog::default()
            }),
            vec![
                "export.xml: line 4: <OrgUnit>: org units form a cycle: each is its own \
                 ancestor; fix the parent attributes (value \"A > B\")",
            ],
        ),
        (
            "a requirement naming an unknown occupation, system and unit: three problems",
            sync_catalog(),
            located(Catalog {
                requirements: vec![
                    requirement("USK", "O365", "1", None),
                    requirement("NURSE", "FOO", "2", Some("SOC-XX")),
                ],
                ..Catalog::default()
            }),
            vec![
                "export.xml: line 41: <Requirement>: requirement names an unknown occupation \
                 (value \"NURSE\")",
                "export.xml: line 41: <Requirement>: requirement names an unknown system \
                 (value \"FOO\")",
                "export.xml: line 41: <Requirement>: requirement names an unknown org unit \
                 (value \"SOC-XX\")",
            ],
        ),
        (
            "a course on an unknown system",
            sync_catalog(),
            located(Catalog {
                courses: vec![course("PMO-1", "PMO", "1", None)],
                ..Catalog::default()
            }),
            vec![
                "export.xml: line 50: <Course>: course PMO-1 names an unknown system \
                 (value \"PMO\")",
            ],
        ),
        (
            "groups across units, naming occupations and units the registry holds",
            sync_catalog(),
            located(Catalog {
                groups: vec![
                    group("STEG1", 1, &["USK"], &["SOC-HT", "SOC-SÄBO"]),
                    group("STEG2", 2, &["ECH", "USK"], &[]),
                ],
                ..Catalog::default()
            }),
            vec![],
        ),
        (
            "a group naming an unknown occupation and unit, and a group code given twice",
            sync_catalog(),
            located(Catalog {
                groups: vec![
                    group("STEG1", 1, &["USK", "SSK"], &["SOC-XX"]),
                    group("STEG1", 2, &["ECH"], &[]),
                ],
                ..Catalog::default()
            }),
            vec![
                "export.xml: line 60: <Group>: group STEG1 names an unknown occupation \
                 (value \"SSK\")",
                "export.xml: line 60: <Group>: group STEG1 names an unknown org unit \
                 (value \"SOC-XX\")",
                "export.xml: line 61: <Group>: group STEG1 is listed twice (first on line 60); \
                 give each group its own code (value \"STEG1\")",
            ],
        ),
        (
            "a group without occupations, in phase 0, naming one occupation twice",
            sync_catalog(),
            located(Catalog {
                groups: vec![
                    group("TOM", 0, &[], &[]),
                    group("DUBBEL", 1, &["USK", "USK"], &[]),
                ],
                ..Catalog::default()
            }),
            vec![
                "export.xml: line 60: <Group>: group TOM names no occupation; list at least one \
                 in occupations",
                "export.xml: line 60: <Group>: group TOM: the phase must be 1 or more (value \"0\")",
                "export.xml: line 61: <Group>: group DUBBEL names occupation USK twice \
                 (value \"USK\")",
            ],
        ),
        (
            "a source without locations",
            Catalog::default(),
            SourceCatalog {
                catalog: Catalog {
                    courses: vec![course("PMO-1", "PMO", "1", None)],
                    ..Catalog::default()
                },
                locations: CatalogLocations::default(),
                names_if_new: false,
            },
            vec!["(unknown location): course PMO-1 names an unknown system (value \"PMO\")"],
        ),
    ];
    for (name, existing, incoming, expected) in &cases {
        check(name, existing, incoming, expected);
    }
}

// ---------------------------------------------------------------------------------------------
// plan_person.

/// What a person plan says, rendered.
#[derive(Debug, PartialEq)]
struct Plan {
    change: PersonChange,
    details: Option<String>,
    employments: Vec<String>,
    evidence: Vec<String>,
}

fn plan(
    change: PersonChange,
    details: Option<&str>,
    employments: &[&str],
    evidence: &[&str],
) -> Plan {
    Plan {
        change,
        details: details.map(str::to_string),
        employments: employments.iter().map(|s| s.to_string()).collect(),
        evidence: evidence.iter().map(|s| s.to_string()).collect(),
    }
}

#[test]
fn plan_person_cases() {
    fn check(name: &str, existing: Option<&PersonState>, record: &PersonRecord, expected: &Plan) {
        let catalog = sync_catalog();
        let courses: HashMap<&str, &Course> = catalog
            .courses
            .iter()
            .map(|c| (c.code.as_str(), c))
            .collect();
        let p: PersonPlan = sync::plan_person(existing, record, &courses, d("2026-11-20"));
        let got = Plan {
            change: p.change,
            details: p.details.as_ref().map(|d| {
                format!(
                    "{} {} <{}>",
                    d.given_name,
                    d.family_name,
                    d.email.as_deref().unwrap_or("")
                )
            }),
            employments: p
                .employments
                .iter()
                .map(|op| match op {
                    EmploymentOp::Insert(e) => format!("insert {}", render_employment(e)),
                    EmploymentOp::Update(e) => format!("update {}", render_employment(e)),
                    EmploymentOp::Remove(e) => format!("remove {}", render_employment(e)),
                    EmploymentOp::End {
                        employment,
                        last_day,
                    } => format!("end {} on {last_day}", render_employment(employment)),
                })
                .collect(),
            evidence: p.evidence.iter().map(render_evidence).collect(),
        };
        assert_eq!(got, *expected, "case {name:?}");
        assert_eq!(
            (p.employee_no.as_str(), p.digest),
            (record.employee_no.as_str(), record.digest()),
            "case {name:?}"
        );
    }
    use PersonChange::{Created, Reactivated, Terminated, Unchanged, Updated};
    let anna_emp = "SOC-HT USK 2015-03-01.. 75% manager 10001";
    let anna_evidence = [
        "competence LIFECARE 2 self 2026-09-14",
        "competence LIFECARE 3 manager 2026-10-01 assessor 10001",
        "result LC-DOK 2026-10-20",
    ];
    let anna_held = [
        "LIFECARE self 2 2026-09-14",
        "LIFECARE manager 3 2026-10-01 by 10001",
        "LIFECARE course LC-DOK 2 2026-10-20",
    ];
    let anna = |emps: &[&str], evs: &[&str]| record("10023", "Anna Lindqvist", 20, emps, evs);
    let held = |emps: &[&str], evs: &[&str]| state("Anna Lindqvist", emps, evs);
    let with_email = {
        let mut r = anna(&[anna_emp], &anna_evidence);
        r.email = Some("anna.lindqvist@example.se".into());
        r
    };
    let cases: Vec<(&str, Option<PersonState>, PersonRecord, Plan)> = vec![
        (
            "unknown: created with every employment and all evidence, sorted",
            None,
            anna(
                &["SOC-SÄBO USK 2019-02-01.. 25%", anna_emp],
                &[
                    "result LC-DOK 2026-10-20",
                    "competence LIFECARE 3 manager 2026-10-01 assessor 10001",
                    "competence LIFECARE 2 self 2026-09-14",
                    "result LC-HANDL 2023-04-18",
                ],
            ),
            plan(
                Created,
                Some("Anna Lindqvist <>"),
                &[
                    "insert SOC-HT USK 2015-03-01.. 75% manager 10001",
                    "insert SOC-SÄBO USK 2019-02-01.. 25% primary",
                ],
                &[
                    "LIFECARE course LC-HANDL 3 2023-04-18 until 2025-04-18",
                    "LIFECARE self 2 2026-09-14",
                    "LIFECARE manager 3 2026-10-01 by 10001",
                    "LIFECARE course LC-DOK 2 2026-10-20",
                ],
            ),
        ),
        (
            "a state without an employee: created",
            Some(PersonState::default()),
            anna(&[anna_emp], &[]),
            plan(
                Created,
                Some("Anna Lindqvist <>"),
                &["insert SOC-HT USK 2015-03-01.. 75% manager 10001 primary"],
                &[],
            ),
        ),
        (
            "a person not yet started is still created",
            None,
            anna(&["SOC-HT USK 2027-01-01.."], &[]),
            plan(
                Created,
                Some("Anna Lindqvist <>"),
                &["insert SOC-HT USK 2027-01-01.. 100% primary"],
                &[],
            ),
        ),
        (
            "the same facts: unchanged",
            Some(held(&[anna_emp], &anna_held)),
            anna(&[anna_emp], &anna_evidence),
            plan(Unchanged, None, &[], &[]),
        ),
        (
            "evidence the record no longer states is kept (append-only): unchanged",
            Some(held(&[anna_emp], &anna_held)),
            anna(&[anna_emp], &[]),
            plan(Unchanged, None, &[], &[]),
        ),
        (
            "an email added: updated with the details",
            Some(held(&[anna_emp], &anna_held)),
            with_email,
            plan(
                Updated,
                Some("Anna Lindqvist <anna.lindqvist@example.se>"),
                &[],
                &[],
            ),
        ),
        (
            "a new family name: updated with the details",
            Some(held(&[anna_emp], &anna_held)),
            record("10023", "Anna Berg", 20, &[anna_emp], &anna_evidence),
            plan(Updated, Some("Anna Berg <>"), &[], &[]),
        ),
        (
            "new evidence: only the new record is added",
            Some(held(&[anna_emp], &anna_held)),
            anna(
                &[anna_emp],
                &[
                    "competence LIFECARE 2 self 2026-09-14",
                    "competence O365 1 self 2026-11-02",
                ],
            ),
            plan(Updated, None, &[], &["O365 self 1 2026-11-02"]),
        ),
        (
            "evidence held from another source is not added again",
            Some(held(
                &[anna_emp],
                &["LIFECARE manager 2 2026-11-01 by 10001"],
            )),
            anna(
                &[anna_emp],
                &["competence LIFECARE 2 manager 2026-11-01 assessor 10001"],
            ),
            plan(Unchanged, None, &[], &[]),
        ),
        (
            "a course result held is not added again",
            Some(held(
                &[anna_emp],
                &["LIFECARE course LC-HANDL 3 2025-01-10 until 2027-01-10"],
            )),
            anna(&[anna_emp], &["result LC-HANDL 2025-01-10"]),
            plan(Unchanged, None, &[], &[]),
        ),
        (
            "the same assessment by another assessor is another record",
            Some(held(
                &[anna_emp],
                &["LIFECARE manager 2 2026-11-01 by 10001"],
            )),
            anna(
                &[anna_emp],
                &["competence LIFECARE 2 manager 2026-11-01 assessor 10030"],
            ),
            plan(
                Updated,
                None,
                &[],
                &["LIFECARE manager 2 2026-11-01 by 10030"],
            ),
        ),
        (
            "the same record twice in the source is added once",
            Some(held(&[anna_emp], &[])),
            anna(
                &[anna_emp],
                &[
                    "competence O365 1 self 2026-11-02",
                    "competence O365 1 self 2026-11-02",
                ],
            ),
            plan(Updated, None, &[], &["O365 self 1 2026-11-02"]),
        ),
        (
            "a course result of an unknown course is left out",
            Some(held(&[anna_emp], &[])),
            anna(&[anna_emp], &["result NOPE 2026-10-01"]),
            plan(Unchanged, None, &[], &[]),
        ),
        (
            "a level granted by an unnamed course: a course result with no course",
            Some(held(&[anna_emp], &[])),
            anna(&[anna_emp], &["competence LIFECARE 3 course 2026-05-01"]),
            plan(Updated, None, &[], &["LIFECARE course - 3 2026-05-01"]),
        ),
        (
            "a changed percent: the employment is updated",
            Some(held(&[anna_emp], &[])),
            anna(&["SOC-HT USK 2015-03-01.. 100% manager 10001"], &[]),
            plan(
                Updated,
                None,
                &["update SOC-HT USK 2015-03-01.. 100% manager 10001 primary"],
                &[],
            ),
        ),
        (
            "a new manager: the employment is updated",
            Some(held(&[anna_emp], &[])),
            anna(&["SOC-HT USK 2015-03-01.. 75% manager 10030"], &[]),
            plan(
                Updated,
                None,
                &["update SOC-HT USK 2015-03-01.. 75% manager 10030 primary"],
                &[],
            ),
        ),
        (
            "an employment missing from the record ends the day before the snapshot's day",
            Some(held(&[anna_emp, "SOC-SÄBO USK 2019-02-01.. 25%"], &[])),
            anna(&[anna_emp], &[]),
            plan(
                Updated,
                None,
                &["end SOC-SÄBO USK 2019-02-01.. 25% on 2026-11-19"],
                &[],
            ),
        ),
        (
            "an employment missing that was to end later also ends the day before",
            Some(held(
                &[anna_emp, "SOC-SÄBO USK 2019-02-01..2027-06-30 25%"],
                &[],
            )),
            anna(&[anna_emp], &[]),
            plan(
                Updated,
                None,
                &["end SOC-SÄBO USK 2019-02-01..2027-06-30 25% on 2026-11-19"],
                &[],
            ),
        ),
        (
            "a planned employment missing from the record was cancelled: it is removed",
            Some(held(&[anna_emp, "SOC-SÄBO USK 2027-01-01.. 25%"], &[])),
            anna(&[anna_emp], &[]),
            plan(
                Updated,
                None,
                &["remove SOC-SÄBO USK 2027-01-01.. 25%"],
                &[],
            ),
        ),
        (
            "an employment missing that had already ended: nothing",
            Some(held(
                &[anna_emp, "SOC-SÄBO USK 2019-02-01..2025-12-31 25%"],
                &[],
            )),
            anna(&[anna_emp], &[]),
            plan(Unchanged, None, &[], &[]),
        ),
        (
            "a new start date is another employment: the old one ends, the new one starts",
            Some(held(&[anna_emp], &[])),
            anna(&["SOC-HT USK 2026-11-01.. 75% manager 10001"], &[]),
            plan(
                Updated,
                None,
                &[
                    "end SOC-HT USK 2015-03-01.. 75% manager 10001 primary on 2026-11-19",
                    "insert SOC-HT USK 2026-11-01.. 75% manager 10001 primary",
                ],
                &[],
            ),
        ),
        (
            "every employment ended in the record: terminated",
            Some(held(&[anna_emp], &[])),
            anna(
                &["SOC-HT USK 2015-03-01..2026-10-31 75% manager 10001"],
                &[],
            ),
            plan(
                Terminated,
                None,
                &["update SOC-HT USK 2015-03-01..2026-10-31 75% manager 10001 primary"],
                &[],
            ),
        ),
        (
            "ended the day before the snapshot's day: terminated",
            Some(held(&[anna_emp], &[])),
            anna(
                &["SOC-HT USK 2015-03-01..2026-11-19 75% manager 10001"],
                &[],
            ),
            plan(
                Terminated,
                None,
                &["update SOC-HT USK 2015-03-01..2026-11-19 75% manager 10001 primary"],
                &[],
            ),
        ),
        (
            "ends on the snapshot's day: still active, updated",
            Some(held(&[anna_emp], &[])),
            anna(
                &["SOC-HT USK 2015-03-01..2026-11-20 75% manager 10001"],
                &[],
            ),
            plan(
                Updated,
                None,
                &["update SOC-HT USK 2015-03-01..2026-11-20 75% manager 10001 primary"],
                &[],
            ),
        ),
        (
            "back after having left: reactivated",
            Some(held(
                &["SOC-HT USK 2015-03-01..2026-06-30 75% manager 10001"],
                &[],
            )),
            anna(&[anna_emp], &[]),
            plan(
                Reactivated,
                None,
                &["update SOC-HT USK 2015-03-01.. 75% manager 10001 primary"],
                &[],
            ),
        ),
        (
            "back in a new employment: reactivated",
            Some(held(
                &["SOC-HT USK 2015-03-01..2026-06-30 75% manager 10001"],
                &[],
            )),
            anna(
                &[
                    "SOC-SÄBO USK 2026-11-01..",
                    "SOC-HT USK 2015-03-01..2026-06-30 75% manager 10001",
                ],
                &[],
            ),
            plan(
                Reactivated,
                None,
                &[
                    "update SOC-HT USK 2015-03-01..2026-06-30 75% manager 10001",
                    "insert SOC-SÄBO USK 2026-11-01.. 100% primary",
                ],
                &[],
            ),
        ),
        (
            "gone and still gone, with a new name: updated",
            Some(held(
                &["SOC-HT USK 2015-03-01..2026-06-30 75% manager 10001"],
                &[],
            )),
            record(
                "10023",
                "Anna Berg",
                20,
                &["SOC-HT USK 2015-03-01..2026-06-30 75% manager 10001"],
                &[],
            ),
            plan(Updated, Some("Anna Berg <>"), &[], &[]),
        ),
    ];
    for (name, existing, record, expected) in &cases {
        check(name, existing.as_ref(), record, expected);
    }
}

// ---------------------------------------------------------------------------------------------
// TerminationLimit.

#[test]
fn termination_limit_parsing() {
    fn check(input: &str, expected: Result<TerminationLimit, &str>) {
        let got = input.parse::<TerminationLimit>();
        assert_eq!(got, expected.map_err(str::to_string), "input {input:?}");
        if let Ok(limit) = got {
            assert_eq!(
                limit.to_string().parse::<TerminationLimit>(),
                Ok(limit),
                "{input:?} shown and read back"
            );
        }
    }
    use TerminationLimit::{Count, Percent};
    let count_err = |s: &str| {
        format!("expected a number of people (e.g. 25) or a percentage (e.g. 10%), got {s:?}")
    };
    let pct_err = |s: &str| format!("expected a percentage 0-100 like 10%, got {s:?}");
    let cases: Vec<(&str, Result<TerminationLimit, String>)> = vec![
        ("10%", Ok(Percent(10.0))),
        ("25", Ok(Count(25))),
        ("0", Ok(Count(0))),
        ("0%", Ok(Percent(0.0))),
        ("100%", Ok(Percent(100.0))),
        ("12.5%", Ok(Percent(12.5))),
        (" 5 % ", Ok(Percent(5.0))),
        ("abc", Err(count_err("abc"))),
        ("", Err(count_err(""))),
        ("-1", Err(count_err("-1"))),
        ("2.5", Err(count_err("2.5"))),
        ("150%", Err(pct_err("150%"))),
        ("-5%", Err(pct_err("-5%"))),
        ("%", Err(pct_err("%"))),
        ("NaN%", Err(pct_err("NaN%"))),
        ("ten%", Err(pct_err("ten%"))),
    ];
    for (input, expected) in &cases {
        check(input, expected.as_ref().copied().map_err(String::as_str));
    }
}

#[test]
fn termination_limit_display() {
    let got: Vec<String> = [
        TerminationLimit::default(),
        TerminationLimit::Percent(12.5),
        TerminationLimit::Count(25),
    ]
    .iter()
    .map(ToString::to_string)
    .collect();
    assert_eq!(got, ["10%", "12.5%", "25"]);
}

#[test]
fn termination_limit_exceeded() {
    fn check(limit: TerminationLimit, n: usize, n_active: usize, expected: bool) {
        assert_eq!(
            limit.exceeded(n, n_active),
            expected,
            "{n} of {n_active} against {limit}"
        );
    }
    use TerminationLimit::{Count, Percent};
    let default = TerminationLimit::default();
    let cases: &[(TerminationLimit, usize, usize, bool)] = &[
        // The default (10%) never trips for 2 people or fewer, however few are active.
        (default, 0, 0, false),
        (default, 1, 1, false),
        (default, 2, 2, false),
        (default, 2, 10, false),
        (default, 2, 1000, false),
        // 3 of 10 is more than 10%.
        (default, 3, 10, true),
        (default, 3, 30, false),
        (default, 4, 30, true),
        (default, 10, 100, false),
        (default, 11, 100, true),
        (Percent(0.0), 2, 100, false),
        (Percent(0.0), 3, 100, true),
        (Percent(100.0), 50, 50, false),
        (Count(0), 0, 10, false),
        (Count(0), 1, 10, true),
        (Count(0), 1, 1000, true),
        (Count(25), 25, 30, false),
        (Count(25), 26, 1000, true),
    ];
    for (limit, n, n_active, expected) in cases {
        check(*limit, *n, *n_active, *expected);
    }
}

// ---------------------------------------------------------------------------------------------
// sync::run over an in-memory store.

/// Everything `store` holds about one person, one fact a line.
fn dump(store: &MemoryTarget, no: &str) -> Vec<String> {
    let Some(p) = store.person(no) else {
        return vec![];
    };
    let e = &p.employee;
    let mut out = vec![format!("{} {}", e.given_name, e.family_name)];
    out.extend(e.employments.iter().map(render_employment));
    out.extend(p.evidence.iter().map(render_evidence));
    out
}

/// A snapshot of the source `test` exported at 02:00 on `day` (an `Err` item is a problem the
/// adapter found).
fn snapshot_with(
    kind: SnapshotKind,
    day: &str,
    catalog: SourceCatalog,
    catalog_problems: Vec<Problem>,
    people: Vec<Result<PersonRecord, Vec<Problem>>>,
) -> VecSnapshot {
    VecSnapshot::with_records("test", kind, d(day), people)
        .with_catalog_problems(catalog, catalog_problems)
}

/// A snapshot with the sync catalog and these people.
fn snapshot(kind: SnapshotKind, day: &str, people: Vec<PersonRecord>) -> VecSnapshot {
    let catalog = SourceCatalog {
        catalog: sync_catalog(),
        locations: CatalogLocations::default(),
        names_if_new: false,
    };
    snapshot_with(
        kind,
        day,
        catalog,
        vec![],
        people.into_iter().map(Ok).collect(),
    )
}

fn karin() -> PersonRecord {
    record(
        "10001",
        "Karin Åberg",
        10,
        &["SOC-HT ECH 2012-01-01.."],
        &["competence O365 2 self 2026-09-01"],
    )
}

fn anna() -> PersonRecord {
    record(
        "10023",
        "Anna Lindqvist",
        20,
        &["SOC-HT USK 2015-03-01.. 75% manager 10001"],
        &[
            "competence LIFECARE 2 self 2026-09-14",
            "competence LIFECARE 3 manager 2026-10-01 assessor 10001",
            "result LC-DOK 2026-10-20",
        ],
    )
}

fn mohammed() -> PersonRecord {
    record(
        "10024",
        "Mohammed Al-Sayed",
        30,
        &["SOC-HT USK 2021-08-15.. manager 10001"],
        &["competence LIFECARE 1 self 2026-09-15"],
    )
}

fn three() -> Vec<PersonRecord> {
    vec![karin(), anna(), mohammed()]
}

/// `n` people 10101, 10102 ... in SOC-HT.
fn many(numbers: std::ops::RangeInclusive<u32>) -> Vec<PersonRecord> {
    numbers
        .map(|n| {
            record(
                &n.to_string(),
                &format!("Person {n}"),
                u64::from(n - 10000) * 10,
                &["SOC-HT USK 2020-01-01.."],
                &[],
            )
        })
        .collect()
}

/// What a run did, rendered: its result and the store's write calls.
#[derive(Debug, PartialEq)]
enum Outcome {
    Applied {
        summary: String,
        people: Vec<String>,
        empty: bool,
        calls: Vec<String>,
    },
    Refused {
        message: String,
        problems: Vec<String>,
        n_more: usize,
        calls: Vec<String>,
    },
    GuardTripped {
        message: String,
        terminated: Vec<String>,
        calls: Vec<String>,
    },
    StoreFailed(String),
}

fn applied(summary: &str, people: &[&str], empty: bool, calls: &[&str]) -> Outcome {
    Outcome::Applied {
        summary: summary.into(),
        people: strings(people),
        empty,
        calls: strings(calls),
    }
}

fn summary(r: &SyncReport) -> String {
    format!(
        "{}catalog {} seen {} active {} | created {} updated {} reactivated {} terminated {} \
         unchanged {} | evidence {} | {}",
        if r.dry_run { "dry run: " } else { "" },
        r.catalog.len(),
        r.n_seen,
        r.n_active_before,
        r.n_created,
        r.n_updated,
        r.n_reactivated,
        r.n_terminated,
        r.n_unchanged,
        r.n_evidence,
        r.digest.as_deref().unwrap_or("no digest")
    )
}

/// Runs one sync of `snapshot` into `store`: the only place that calls `sync::run`.
fn run(store: &mut MemoryTarget, mut snapshot: VecSnapshot, config: SyncConfig) -> Outcome {
    store.take_writes();
    let result = sync::run(&mut snapshot, store, &config);
    let calls = store.take_writes().iter().map(Write::to_string).collect();
    match result {
        Ok(report) => Outcome::Applied {
            summary: summary(&report),
            people: report
                .people
                .iter()
                .map(|p| format!("{} {} {}", p.employee_no, p.change.name(), p.n_evidence))
                .collect(),
            empty: report.is_empty(),
            calls,
        },
        Err(e) => {
            let message = e.to_string();
            match e {
                SyncError::Refused { problems, n_more } => Outcome::Refused {
                    message,
                    problems: problems.iter().map(Problem::to_string).collect(),
                    n_more,
                    calls,
                },
                SyncError::GuardTripped { report, .. } => Outcome::GuardTripped {
                    message,
                    terminated: report.terminated().iter().map(|s| s.to_string()).collect(),
                    calls,
                },
                SyncError::Store(e) => Outcome::StoreFailed(e.to_string()),
                other => panic!("unexpected error {other}"),
            }
        }
    }
}

fn real() -> SyncConfig {
    SyncConfig::default()
}

fn dry() -> SyncConfig {
    SyncConfig {
        dry_run: true,
        ..SyncConfig::default()
    }
}

/// The first run of the three people on 2026-11-20, as every scenario starts.
fn first_run(store: &mut MemoryTarget) {
    assert_eq!(
        run(
            store,
            snapshot(SnapshotKind::Full, "2026-11-20", three()),
            real()
        ),
        applied(
            "catalog 10 seen 3 active 0 | created 3 updated 0 reactivated 0 terminated 0 \
             unchanged 0 | evidence 5 | digest of 2026-11-20T02:00:00+01:00",
            &["10001 created 1", "10023 created 3", "10024 created 1"],
            false,
            &[
                "apply_catalog 10",
                "apply_person 10001 created",
                "apply_person 10023 created",
                "apply_person 10024 created",
            ],
        )
    );
}

#[test]
fn sync_first_run_creates_people_and_catalog() {
    let mut store = MemoryTarget::default();
    first_run(&mut store);
    assert_eq!(store.held_catalog().units.len(), 3);
    assert_eq!(store.held_catalog().courses.len(), 2);
    assert_eq!(
        dump(&store, "10023"),
        [
            "Anna Lindqvist",
            "SOC-HT USK 2015-03-01.. 75% manager 10001 primary",
            "LIFECARE self 2 2026-09-14",
            "LIFECARE manager 3 2026-10-01 by 10001",
            "LIFECARE course LC-DOK 2 2026-10-20",
        ]
    );
    assert_eq!(store.n_active(d("2026-11-20")), 3);
}

#[test]
fn sync_the_same_snapshot_again_is_empty_and_writes_nothing() {
    let mut store = MemoryTarget::default();
    first_run(&mut store);
    let unchanged = applied(
        "catalog 0 seen 3 active 3 | created 0 updated 0 reactivated 0 terminated 0 \
         unchanged 3 | evidence 0 | digest of 2026-11-20T02:00:00+01:00",
        &[],
        true,
        &[],
    );
    assert_eq!(
        run(
            &mut store,
            snapshot(SnapshotKind::Full, "2026-11-20", three()),
            real()
        ),
        unchanged
    );
    // The same facts in another order, on other lines: still nothing.
    let mut shuffled = three();
    shuffled.reverse();
    for (i, p) in shuffled.iter_mut().enumerate() {
        p.evidence.reverse();
        p.location.line = Some(100 + i as u64);
    }
    assert_eq!(
        run(
            &mut store,
            snapshot(SnapshotKind::Full, "2026-11-20", shuffled),
            real()
        ),
        unchanged
    );
}

#[test]
fn sync_full_snapshot_terminates_the_absent_and_reactivates_them_when_back() {
    let mut store = MemoryTarget::default();
    first_run(&mut store);
    let steps: Vec<(&str, Vec<PersonRecord>, Outcome)> = vec![
        (
            "2026-12-01",
            vec![karin(), anna()],
            applied(
                "catalog 0 seen 2 active 3 | created 0 updated 0 reactivated 0 terminated 1 \
                 unchanged 2 | evidence 0 | digest of 2026-12-01T02:00:00+01:00",
                &["10024 terminated 0"],
                false,
                &["terminate 10024 2026-11-30"],
            ),
        ),
        (
            "2027-01-10",
            three(),
            applied(
                "catalog 0 seen 3 active 2 | created 0 updated 0 reactivated 1 terminated 0 \
                 unchanged 2 | evidence 0 | digest of 2027-01-10T02:00:00+01:00",
                &["10024 reactivated 0"],
                false,
                &["apply_person 10024 reactivated"],
            ),
        ),
        (
            "2027-01-11",
            three(),
            applied(
                "catalog 0 seen 3 active 3 | created 0 updated 0 reactivated 0 terminated 0 \
                 unchanged 3 | evidence 0 | digest of 2027-01-11T02:00:00+01:00",
                &[],
                true,
                &[],
            ),
        ),
    ];
    let mut stored = Vec::new();
    for (day, people, expected) in steps {
        assert_eq!(
            run(
                &mut store,
                snapshot(SnapshotKind::Full, day, people),
                real()
            ),
            expected,
            "as of {day}"
        );
        stored.push(dump(&store, "10024"));
    }
    assert_eq!(
        stored,
        [
            [
                "Mohammed Al-Sayed",
                "SOC-HT USK 2021-08-15..2026-11-30 100% manager 10001 primary",
                "LIFECARE self 1 2026-09-15",
            ],
            [
                "Mohammed Al-Sayed",
                "SOC-HT USK 2021-08-15.. 100% manager 10001 primary",
                "LIFECARE self 1 2026-09-15",
            ],
            [
                "Mohammed Al-Sayed",
                "SOC-HT USK 2021-08-15.. 100% manager 10001 primary",
                "LIFECARE self 1 2026-09-15",
            ],
        ]
    );
}

#[test]
fn sync_a_record_ending_every_employment_terminates() {
    let mut store = MemoryTarget::default();
    first_run(&mut store);
    let leaving = record(
        "10024",
        "Mohammed Al-Sayed",
        30,
        &["SOC-HT USK 2021-08-15..2026-11-30 manager 10001"],
        &["competence LIFECARE 1 self 2026-09-15"],
    );
    assert_eq!(
        run(
            &mut store,
            snapshot(
                SnapshotKind::Full,
                "2026-12-01",
                vec![karin(), anna(), leaving]
            ),
            real()
        ),
        applied(
            "catalog 0 seen 3 active 3 | created 0 updated 0 reactivated 0 terminated 1 \
             unchanged 2 | evidence 0 | digest of 2026-12-01T02:00:00+01:00",
            &["10024 terminated 0"],
            false,
            &["apply_person 10024 terminated"],
        )
    );
    assert_eq!(
        (
            store.n_active(d("2026-11-30")),
            store.n_active(d("2026-12-01"))
        ),
        (3, 2)
    );
}

#[test]
fn sync_delta_snapshot_terminates_nobody_by_absence() {
    let mut store = MemoryTarget::default();
    first_run(&mut store);
    // Anna alone, with a new self-assessment; her manager 10001 is in the registry only.
    let mut anna_again = anna();
    anna_again.evidence.push(EvidenceRecord::Competence {
        system: "LIFECARE".into(),
        level: Level::Advanced,
        source: CompetenceSource::SelfAssessment,
        date: d("2026-11-25"),
        assessor: None,
        location: loc(25, "Competence"),
    });
    assert_eq!(
        run(
            &mut store,
            snapshot(SnapshotKind::Delta, "2026-12-01", vec![anna_again]),
            real()
        ),
        applied(
            "catalog 0 seen 1 active 3 | created 0 updated 1 reactivated 0 terminated 0 \
             unchanged 0 | evidence 1 | digest of 2026-12-01T02:00:00+01:00",
            &["10023 updated 1"],
            false,
            &["apply_person 10023 updated"],
        )
    );
    assert_eq!(store.n_active(d("2026-12-01")), 3);
    // An empty delta: nothing at all.
    assert_eq!(
        run(
            &mut store,
            snapshot(SnapshotKind::Delta, "2026-12-02", vec![]),
            real()
        ),
        applied(
            "catalog 0 seen 0 active 3 | created 0 updated 0 reactivated 0 terminated 0 \
             unchanged 0 | evidence 0 | digest of 2026-12-02T02:00:00+01:00",
            &[],
            true,
            &[],
        )
    );
}

#[test]
fn sync_termination_guard() {
    let mut store = MemoryTarget::default();
    let created = run(
        &mut store,
        snapshot(SnapshotKind::Full, "2026-11-20", many(10101..=10110)),
        real(),
    );
    assert!(
        matches!(&created, Outcome::Applied { people, .. } if people.len() == 10),
        "{created:?}"
    );
    let count = |n| SyncConfig {
        max_terminations: TerminationLimit::Count(n),
        ..SyncConfig::default()
    };
    let steps: Vec<(&str, Vec<PersonRecord>, SyncConfig, Outcome)> = vec![
        (
            "3 of 10 missing trips the default 10%: nothing terminated",
            many(10101..=10107),
            real(),
            Outcome::GuardTripped {
                message: "the plan would terminate 3 of 10 active people, more than the limit \
                          of 10%; check that the source is complete"
                    .into(),
                terminated: strings(&["10108", "10109", "10110"]),
                calls: vec![],
            },
        ),
        (
            "3 of 10 missing, dry run: the guard trips all the same",
            many(10101..=10107),
            dry(),
            Outcome::GuardTripped {
                message: "the plan would terminate 3 of 10 active people, more than the limit \
                          of 10%; check that the source is complete"
                    .into(),
                terminated: strings(&["10108", "10109", "10110"]),
                calls: vec![],
            },
        ),
        (
            "2 of 10 missing: the default never trips for 2",
            many(10101..=10108),
            real(),
            applied(
                "catalog 0 seen 8 active 10 | created 0 updated 0 reactivated 0 terminated 2 \
                 unchanged 8 | evidence 0 | digest of 2026-12-01T02:00:00+01:00",
                &["10109 terminated 0", "10110 terminated 0"],
                false,
                &["terminate 10109 2026-11-30", "terminate 10110 2026-11-30"],
            ),
        ),
        (
            "a limit of 0 trips at 1",
            many(10101..=10107),
            count(0),
            Outcome::GuardTripped {
                message: "the plan would terminate 1 of 8 active people, more than the limit \
                          of 0; check that the source is complete"
                    .into(),
                terminated: strings(&["10108"]),
                calls: vec![],
            },
        ),
        (
            "a limit of 1 lets 1 go",
            many(10101..=10107),
            count(1),
            applied(
                "catalog 0 seen 7 active 8 | created 0 updated 0 reactivated 0 terminated 1 \
                 unchanged 7 | evidence 0 | digest of 2026-12-01T02:00:00+01:00",
                &["10108 terminated 0"],
                false,
                &["terminate 10108 2026-11-30"],
            ),
        ),
    ];
    for (name, people, config, expected) in steps {
        assert_eq!(
            run(
                &mut store,
                snapshot(SnapshotKind::Full, "2026-12-01", people),
                config
            ),
            expected,
            "step {name:?}"
        );
    }
    assert_eq!(store.n_active(d("2026-12-01")), 7);
}

#[test]
fn sync_termination_guard_counts_records_that_end_every_employment() {
    let mut store = MemoryTarget::default();
    run(
        &mut store,
        snapshot(SnapshotKind::Full, "2026-11-20", many(10101..=10110)),
        real(),
    );
    let mut people = many(10101..=10110);
    for p in &mut people[7..] {
        p.employments[0].end = Some(d("2026-11-30"));
    }
    let outcome = run(
        &mut store,
        snapshot(SnapshotKind::Full, "2026-12-01", people),
        real(),
    );
    // The plans of the three were handed to the store (the caller rolls the transaction back on
    // this error); nobody was terminated by absence.
    assert_eq!(
        outcome,
        Outcome::GuardTripped {
            message: "the plan would terminate 3 of 10 active people, more than the limit of \
                      10%; check that the source is complete"
                .into(),
            terminated: strings(&["10108", "10109", "10110"]),
            calls: strings(&[
                "apply_person 10108 terminated",
                "apply_person 10109 terminated",
                "apply_person 10110 terminated",
            ]),
        }
    );
}

#[test]
fn sync_refuses_a_snapshot_with_problems_and_lists_every_one() {
    let people = || -> Vec<Result<PersonRecord, Vec<Problem>>> {
        vec![
            Ok(karin()),
            Ok(anna()),
            Ok(mohammed()),
            Ok(record(
                "20001",
                "Unit Less",
                40,
                &["SOC-XX NURSE 2026-01-01.."],
                &[],
            )),
            Ok(record(
                "20002",
                "Sys Less",
                50,
                &["SOC-HT USK 2026-01-01.."],
                &["competence FOO 2 self 2026-09-01", "result NOPE 2026-10-01"],
            )),
            Ok(record(
                "20003",
                "Boss Less",
                60,
                &["SOC-HT USK 2026-01-01.. manager 99999"],
                &[],
            )),
            // Names a manager further down the file: fine.
            Ok(record(
                "20004",
                "Early Bird",
                70,
                &["SOC-HT USK 2026-01-01.. manager 20005"],
                &[],
            )),
            Err(vec![Problem::new(
                &loc(80, "Competence"),
                Some("7"),
                "level must be 1-4",
            )]),
            Ok(record(
                "20005",
                "Late Boss",
                90,
                &["SOC-HT ECH 2026-01-01.."],
                &[],
            )),
            Ok(record(
                "20001",
                "Unit Less",
                100,
                &["SOC-HT USK 2026-01-01.."],
                &[],
            )),
        ]
    };
    let all = [
        "export.xml: line 41: <Employment>: unknown org unit: add it to the org units or correct \
         the unit (value \"SOC-XX\")",
        "export.xml: line 41: <Employment>: unknown occupation: add it to the occupations or \
         correct the occupation (value \"NURSE\")",
        "export.xml: line 52: <Competence>: unknown system: add it to the systems or correct the \
         system (value \"FOO\")",
        "export.xml: line 53: <CourseResult>: unknown course: add it to the courses or correct the \
         course (value \"NOPE\")",
        "export.xml: line 80: <Competence>: level must be 1-4 (value \"7\")",
        "export.xml: line 100: <Person>: duplicate employee number (first on line 40): each person \
         may appear once (value \"20001\")",
        "export.xml: line 61: <Employment>: unknown manager: the manager names nobody in the file \
         or the registry (value \"99999\")",
    ];
    let with_people = |people| {
        let catalog = SourceCatalog {
            catalog: sync_catalog(),
            locations: CatalogLocations::default(),
            names_if_new: false,
        };
        snapshot_with(SnapshotKind::Full, "2026-12-01", catalog, vec![], people)
    };
    let mut store = MemoryTarget::default();
    first_run(&mut store);
    assert_eq!(
        run(&mut store, with_people(people()), real()),
        Outcome::Refused {
            message: "the input was refused: 7 problem(s)".into(),
            problems: strings(&all),
            n_more: 0,
            calls: vec![],
        }
    );
    let at_most_3 = SyncConfig {
        max_problems: 3,
        ..SyncConfig::default()
    };
    assert_eq!(
        run(&mut store, with_people(people()), at_most_3),
        Outcome::Refused {
            message: "the input was refused: 7 problem(s) (4 not shown)".into(),
            problems: strings(&all[..3]),
            n_more: 4,
            calls: vec![],
        }
    );
    // Nothing of the refused snapshots reached the registry.
    assert_eq!(
        (store.people().len(), store.n_active(d("2026-12-01"))),
        (3, 3)
    );
}

#[test]
fn sync_refuses_catalog_problems_before_writing_anything() {
    let mut catalog = sync_catalog();
    catalog.units.push(unit("BUF-EHT", Some("BUF")));
    catalog
        .requirements
        .push(requirement("USK", "PMO", "3", None));
    let source = SourceCatalog {
        locations: CatalogLocations {
            units: (0..4).map(|i| loc(3 + i, "OrgUnit")).collect(),
            requirements: (0..2).map(|i| loc(40 + i, "Requirement")).collect(),
            ..CatalogLocations::default()
        },
        names_if_new: false,
        catalog,
    };
    let adapter_problem = Problem::new(&loc(51, "Course"), Some("9"), "grantsLevel must be 1-4");
    let mut store = MemoryTarget::default();
    let outcome = run(
        &mut store,
        snapshot_with(
            SnapshotKind::Full,
            "2026-11-20",
            source,
            vec![adapter_problem],
            three().into_iter().map(Ok).collect(),
        ),
        real(),
    );
    assert_eq!(
        outcome,
        Outcome::Refused {
            message: "the input was refused: 3 problem(s)".into(),
            problems: strings(&[
                "export.xml: line 51: <Course>: grantsLevel must be 1-4 (value \"9\")",
                "export.xml: line 6: <OrgUnit>: org unit BUF-EHT names an unknown parent unit \
                 (value \"BUF\")",
                "export.xml: line 41: <Requirement>: requirement names an unknown system \
                 (value \"PMO\")",
            ]),
            n_more: 0,
            calls: vec![],
        }
    );
    assert!(store.held_catalog().is_empty() && store.people().is_empty());
}

#[test]
fn sync_evidence_already_held_is_not_duplicated() {
    let mut store = MemoryTarget::default();
    first_run(&mut store);
    // Entered in the registry by hand (another source) after the first run.
    let Some(held) = store.people_mut().get_mut("10023") else {
        panic!("10023 was created");
    };
    held.evidence
        .push(evidence("LIFECARE manager 2 2026-11-01 by 10001"));
    let anna_with = |extra: &[&str]| {
        let mut evs = vec![
            "competence LIFECARE 2 self 2026-09-14",
            "competence LIFECARE 3 manager 2026-10-01 assessor 10001",
            "result LC-DOK 2026-10-20",
        ];
        evs.extend_from_slice(extra);
        record(
            "10023",
            "Anna Lindqvist",
            20,
            &["SOC-HT USK 2015-03-01.. 75% manager 10001"],
            &evs,
        )
    };
    let steps: Vec<(&str, PersonRecord, Outcome)> = vec![
        (
            "the hand-entered assessment and one new self-assessment, stated twice",
            anna_with(&[
                "competence LIFECARE 2 manager 2026-11-01 assessor 10001",
                "competence O365 1 self 2026-11-02",
                "competence O365 1 self 2026-11-02",
            ]),
            applied(
                "catalog 0 seen 3 active 3 | created 0 updated 1 reactivated 0 terminated 0 \
                 unchanged 2 | evidence 1 | digest of 2026-12-01T02:00:00+01:00",
                &["10023 updated 1"],
                false,
                &["apply_person 10023 updated"],
            ),
        ),
        (
            "a record stating only what is held: nothing to report, the new digest is stored",
            anna_with(&["competence LIFECARE 2 manager 2026-11-01 assessor 10001"]),
            applied(
                "catalog 0 seen 3 active 3 | created 0 updated 0 reactivated 0 terminated 0 \
                 unchanged 3 | evidence 0 | digest of 2026-12-01T02:00:00+01:00",
                &[],
                true,
                &["apply_person 10023 unchanged"],
            ),
        ),
    ];
    for (name, anna, expected) in steps {
        assert_eq!(
            run(
                &mut store,
                snapshot(
                    SnapshotKind::Full,
                    "2026-12-01",
                    vec![karin(), anna, mohammed()]
                ),
                real()
            ),
            expected,
            "step {name:?}"
        );
    }
    assert_eq!(
        dump(&store, "10023"),
        [
            "Anna Lindqvist",
            "SOC-HT USK 2015-03-01.. 75% manager 10001 primary",
            "LIFECARE self 2 2026-09-14",
            "LIFECARE manager 3 2026-10-01 by 10001",
            "LIFECARE course LC-DOK 2 2026-10-20",
            "LIFECARE manager 2 2026-11-01 by 10001",
            "O365 self 1 2026-11-02",
        ]
    );
}

#[test]
fn sync_dry_run_writes_nothing() {
    let mut store = MemoryTarget::default();
    assert_eq!(
        run(
            &mut store,
            snapshot(SnapshotKind::Full, "2026-11-20", three()),
            dry()
        ),
        applied(
            "dry run: catalog 10 seen 3 active 0 | created 3 updated 0 reactivated 0 \
             terminated 0 unchanged 0 | evidence 5 | digest of 2026-11-20T02:00:00+01:00",
            &["10001 created 1", "10023 created 3", "10024 created 1"],
            false,
            &[],
        )
    );
    assert!(store.held_catalog().is_empty() && store.people().is_empty());

    first_run(&mut store);
    assert_eq!(
        run(
            &mut store,
            snapshot(SnapshotKind::Full, "2026-12-01", vec![karin(), anna()]),
            dry()
        ),
        applied(
            "dry run: catalog 0 seen 2 active 3 | created 0 updated 0 reactivated 0 \
             terminated 1 unchanged 2 | evidence 0 | digest of 2026-12-01T02:00:00+01:00",
            &["10024 terminated 0"],
            false,
            &[],
        )
    );
    assert_eq!(store.n_active(d("2026-12-01")), 3);
}

#[test]
fn sync_store_failure_is_passed_on() {
    let mut store = MemoryTarget::failing(Failure::EveryWrite);
    assert_eq!(
        run(
            &mut store,
            snapshot(SnapshotKind::Full, "2026-11-20", three()),
            real()
        ),
        Outcome::StoreFailed("store failed: apply_catalog 10".into())
    );
}

#[test]
fn sync_store_failure_midway_stops_the_run_and_the_rollback_leaves_nothing() {
    // The engine writes the catalog and each person as it goes; a failed write must be the
    // last one, and the caller's rollback (the store's transaction, here `MemoryTarget::sync`)
    // leaves the registry as it was before the run.
    let cases: &[(Failure, &str, &[&str])] = &[
        (
            Failure::NthWrite(3),
            "store failed: apply_person 10023 created",
            &["apply_catalog 10", "apply_person 10001 created"],
        ),
        (
            Failure::Person("10024".into()),
            "store failed: apply_person 10024 created",
            &[
                "apply_catalog 10",
                "apply_person 10001 created",
                "apply_person 10023 created",
            ],
        ),
    ];
    for (failure, message, written) in cases {
        let mut store = MemoryTarget::failing(failure.clone());
        let mut night = snapshot(SnapshotKind::Full, "2026-11-20", three());
        match store.sync(&mut night, &real()) {
            Err(SyncError::Store(e)) => assert_eq!(e.to_string(), *message, "{failure:?}"),
            Err(e) => panic!("{failure:?}: expected a store failure, got {e}"),
            Ok(report) => panic!("{failure:?}: expected a store failure, got {report:?}"),
        }
        let writes: Vec<String> = store.writes().iter().map(Write::to_string).collect();
        assert_eq!(writes, strings(written), "{failure:?}");
        assert!(
            store.held_catalog().is_empty() && store.people().is_empty(),
            "{failure:?}: the rollback left something"
        );
    }
    // Without a failure the same run holds all three.
    let mut store = MemoryTarget::default();
    let mut night = snapshot(SnapshotKind::Full, "2026-11-20", three());
    assert!(store.sync(&mut night, &real()).is_ok());
    assert_eq!(store.people().len(), 3);
}

#[test]
fn sync_report_lists_people_sorted_with_their_counts() {
    // Created, updated, reactivated and terminated in one run, in employee-number order.
    let mut store = MemoryTarget::default();
    first_run(&mut store);
    run(
        &mut store,
        snapshot(SnapshotKind::Full, "2026-12-01", vec![anna(), mohammed()]),
        SyncConfig {
            max_terminations: TerminationLimit::Count(5),
            ..SyncConfig::default()
        },
    );
    let mut anna_moved = anna();
    anna_moved.employments[0].unit = "SOC-SÄBO".into();
    let newcomer = record(
        "10002",
        "Nils Ny",
        5,
        &["SOC-SÄBO USK 2026-12-15.."],
        &[
            "competence LIFECARE 1 self 2026-12-20",
            "result LC-DOK 2026-12-21",
        ],
    );
    let config = SyncConfig {
        max_terminations: TerminationLimit::Count(5),
        ..SyncConfig::default()
    };
    assert_eq!(
        run(
            &mut store,
            snapshot(
                SnapshotKind::Full,
                "2027-01-04",
                vec![anna_moved, newcomer, karin()]
            ),
            config
        ),
        applied(
            "catalog 0 seen 3 active 2 | created 1 updated 1 reactivated 1 terminated 1 \
             unchanged 0 | evidence 2 | digest of 2027-01-04T02:00:00+01:00",
            &[
                "10001 reactivated 0",
                "10002 created 2",
                "10023 updated 0",
                "10024 terminated 0",
            ],
            false,
            &[
                "apply_person 10023 updated",
                "apply_person 10002 created",
                "apply_person 10001 reactivated",
                "terminate 10024 2027-01-03",
            ],
        )
    );
    assert_eq!(
        dump(&store, "10023")[1..3],
        [
            "SOC-HT USK 2015-03-01..2027-01-03 75% manager 10001 primary",
            "SOC-SÄBO USK 2015-03-01.. 75% manager 10001 primary",
        ]
    );
}

#[test]
fn sync_catalog_changes_are_applied_in_order() {
    let mut store = MemoryTarget::default();
    first_run(&mut store);
    let mut catalog = sync_catalog();
    catalog.courses.push(course("TEAMS-1", "O365", "2", None));
    catalog.requirements[0].level = Level::Advanced;
    let source = SourceCatalog {
        catalog,
        locations: CatalogLocations::default(),
        names_if_new: false,
    };
    let outcome = run(
        &mut store,
        snapshot_with(
            SnapshotKind::Full,
            "2026-12-01",
            source,
            vec![],
            three().into_iter().map(Ok).collect(),
        ),
        real(),
    );
    assert_eq!(
        outcome,
        applied(
            "catalog 2 seen 3 active 3 | created 0 updated 0 reactivated 0 terminated 0 \
             unchanged 3 | evidence 0 | digest of 2026-12-01T02:00:00+01:00",
            &[],
            false,
            &["apply_catalog 2"],
        )
    );
    let requirement_levels: Vec<u8> = store
        .held_catalog()
        .requirements
        .iter()
        .map(|r| r.level.number())
        .collect();
    assert_eq!(
        (
            requirement_levels,
            store.held_catalog().course("TEAMS-1").is_some()
        ),
        (vec![3], true)
    );
}

#[test]
fn location_display() {
    let cases: Vec<(Location, &str)> = vec![
        (Location::default(), "(unknown location)"),
        (loc(12, "Employment"), "export.xml: line 12: <Employment>"),
        (
            Location {
                column: Some(7),
                ..loc(12, "Employment")
            },
            "export.xml: line 12, column 7: <Employment>",
        ),
        (
            Location {
                file: None,
                line: None,
                column: None,
                element: Some("Person".into()),
            },
            "<Person>",
        ),
    ];
    for (location, expected) in &cases {
        assert_eq!(location.to_string(), *expected, "{location:?}");
    }
}

#[test]
fn person_digest_ignores_order_and_locations_but_not_facts() {
    let base = anna();
    let mut reordered = anna();
    reordered.evidence.reverse();
    reordered.location = loc(999, "Person");
    let mut renamed = anna();
    renamed.family_name = "Berg".into();
    let mut other_level = anna();
    if let EvidenceRecord::Competence { level, .. } = &mut other_level.evidence[0] {
        *level = Level::Expert;
    }
    let got = [
        reordered.digest() == base.digest(),
        renamed.digest() == base.digest(),
        other_level.digest() == base.digest(),
    ];
    assert_eq!(got, [true, false, false]);
}

#[test]
fn the_termination_guard_counts_planned_hires_on_both_sides() {
    let mut store = MemoryTarget::default();
    // Eight people at work and two hired to start in January.
    let mut people = many(10101..=10108);
    for n in [10109u32, 10110] {
        people.push(record(
            &n.to_string(),
            &format!("Person {n}"),
            u64::from(n - 10000) * 10,
            &["SOC-HT USK 2027-01-01.."],
            &[],
        ));
    }
    let created = run(
        &mut store,
        snapshot(SnapshotKind::Full, "2026-11-20", people),
        real(),
    );
    assert!(
        matches!(&created, Outcome::Applied { people, .. } if people.len() == 10),
        "{created:?}"
    );
    // An empty full snapshot would end all ten: 10 of 10, which a limit of 100% allows (it
    // used to read "10 of 8 active people" and trip).
    let all = SyncConfig {
        max_terminations: TerminationLimit::Percent(100.0),
        dry_run: true,
        ..SyncConfig::default()
    };
    match run(
        &mut store,
        snapshot(SnapshotKind::Full, "2026-12-01", vec![]),
        all,
    ) {
        Outcome::Applied { people, .. } => assert_eq!(people.len(), 10, "{people:?}"),
        other => panic!("the guard tripped at 100%: {other:?}"),
    }
    // Two at work and both planned hires missing: 4 of 10, over a limit of 25%.
    let quarter = SyncConfig {
        max_terminations: TerminationLimit::Percent(25.0),
        ..SyncConfig::default()
    };
    match run(
        &mut store,
        snapshot(SnapshotKind::Full, "2026-12-01", many(10101..=10106)),
        quarter,
    ) {
        Outcome::GuardTripped { message, .. } => {
            assert!(
                message.contains("would terminate 4 of 10 active people"),
                "{message}"
            )
        }
        other => panic!("expected the guard to trip: {other:?}"),
    }
}
