//! The sync engine's person checks: a record in, the exact problems out, against what is
//! `Known` (the merged catalog, the people of the registry and of the snapshot so far, how the
//! source names its fields, and what the source may state).
//!
//! Records are written as text, one line per item:
//! - an employment: `UNIT OCCUPATION START..[END] [manager NO]`;
//! - an evidence record: `competence SYSTEM LEVEL DATE` or `result COURSE DATE`.

use skillreg_core::sync::{
    IndexEntry, Known, SourceRole, check_managers, check_person, leave_out_unknown_evidence,
    unknown_managers,
};
use skillreg_core::{
    Catalog, CompetenceSource, Course, EmploymentRecord, EvidenceRecord, Field, FieldNames, Level,
    Location, Occupation, OrgUnit, PersonRecord, System,
};
use skillreg_testkit::d;
use skillreg_testkit::fixture::loc;

const FILE: &str = "hr.txt";

fn at(line: u64, element: &str) -> Location {
    loc(FILE, line, element)
}

/// Units SOC and SOC-HT, occupations USK and ECH, the system LIFECARE and its course LC-DOK.
fn catalog() -> Catalog {
    Catalog {
        units: ["SOC", "SOC-HT"]
            .map(|id| OrgUnit {
                id: id.into(),
                name: format!("Unit {id}"),
                parent: None,
            })
            .into(),
        occupations: ["USK", "ECH"]
            .map(|code| Occupation {
                code: code.into(),
                name: format!("Occupation {code}"),
            })
            .into(),
        systems: vec![System {
            code: "LIFECARE".into(),
            name: "Lifecare".into(),
            vendor: None,
            level_descriptions: Default::default(),
        }],
        courses: vec![Course {
            code: "LC-DOK".into(),
            name: "Dokumentation i Lifecare".into(),
            system: "LIFECARE".into(),
            grants: Level::Basic,
            valid_months: None,
            audience: Vec::new(),
        }],
        ..Catalog::default()
    }
}

/// A person at `line`: each employment on the next lines, then each evidence record.
fn person(no: &str, line: u64, employments: &[&str], evidence: &[&str]) -> PersonRecord {
    let mut next = line;
    let mut next_at = |element: &str| {
        next += 1;
        at(next, element)
    };
    let employments = employments
        .iter()
        .enumerate()
        .map(|(i, spec)| {
            let words: Vec<&str> = spec.split_whitespace().collect();
            let (start, end) = words[2].split_once("..").unwrap_or((words[2], ""));
            EmploymentRecord {
                unit: words[0].into(),
                occupation: words[1].into(),
                percent: None,
                start: d(start),
                end: (!end.is_empty()).then(|| d(end)),
                manager: match words.get(3..) {
                    Some(["manager", no]) => Some(no.to_string()),
                    Some([]) => None,
                    other => panic!("bad employment {spec:?}: {other:?}"),
                },
                primary: i == 0,
                location: next_at("Employment"),
            }
        })
        .collect();
    let evidence = evidence
        .iter()
        .map(
            |spec| match spec.split_whitespace().collect::<Vec<_>>()[..] {
                ["competence", system, level, date] => EvidenceRecord::Competence {
                    system: system.into(),
                    level: level
                        .parse()
                        .unwrap_or_else(|e| panic!("bad level in {spec:?}: {e}")),
                    source: CompetenceSource::SelfAssessment,
                    date: d(date),
                    assessor: None,
                    location: next_at("Competence"),
                },
                ["result", course, date] => EvidenceRecord::CourseResult {
                    course: course.into(),
                    completed: d(date),
                    location: next_at("CourseResult"),
                },
                _ => panic!("bad evidence {spec:?}"),
            },
        )
        .collect();
    PersonRecord {
        employee_no: no.into(),
        given_name: "Anna".into(),
        family_name: "Lindqvist".into(),
        email: None,
        gender: None,
        employments,
        evidence,
        location: at(line, "Person"),
    }
}

const ACTIVE: IndexEntry = IndexEntry {
    digest: None,
    active: true,
    planned: false,
};

/// What a sync knows while reading line 60 of a file: the catalog, 10001 in the registry, and
/// 10023 named on line 40.
fn known<'a>(catalog: &'a Catalog, names: FieldNames, role: SourceRole) -> Known<'a> {
    let mut known = Known::new(catalog, names, role);
    known.register("10001", ACTIVE);
    known.see(&person("10023", 40, &["SOC-HT USK 2015-03-01.."], &[]));
    known
}

fn texts(problems: Vec<skillreg_core::Problem>) -> Vec<String> {
    problems.iter().map(ToString::to_string).collect()
}

#[test]
fn check_person_cases() {
    let catalog = catalog();
    let known = known(&catalog, FieldNames::default(), SourceRole::People);
    let cases: [(&str, PersonRecord, &[&str]); 10] = [
        (
            "a record that refers only to what is known has no problem",
            person(
                "10024",
                60,
                &["SOC-HT USK 2021-08-15.. manager 10001"],
                &[
                    "competence LIFECARE 2 2026-09-14",
                    "result LC-DOK 2026-10-20",
                ],
            ),
            &[],
        ),
        (
            "a manager named before their record is no problem yet: the file may name them later",
            person("10024", 60, &["SOC-HT USK 2021-08-15.. manager 10099"], &[]),
            &[],
        ),
        (
            "a person who is their own manager",
            person("10024", 60, &["SOC-HT USK 2021-08-15.. manager 10024"], &[]),
            &[
                "hr.txt: line 61: <Employment>: a person cannot be their own manager: correct the \
                 manager (value \"10024\")",
            ],
        ),
        (
            "an unknown unit and occupation, each named with its value",
            person("10024", 60, &["SOC-XX NURSE 2021-08-15.."], &[]),
            &[
                "hr.txt: line 61: <Employment>: unknown org unit: add it to the org units or \
                 correct the unit (value \"SOC-XX\")",
                "hr.txt: line 61: <Employment>: unknown occupation: add it to the occupations or \
                 correct the occupation (value \"NURSE\")",
            ],
        ),
        (
            "an unknown system and course",
            person(
                "10024",
                60,
                &["SOC-HT USK 2021-08-15.."],
                &[
                    "competence PROCAPITA 2 2026-09-14",
                    "result O365-GRUND 2026-10-20",
                ],
            ),
            &[
                "hr.txt: line 62: <Competence>: unknown system: add it to the systems or correct \
                 the system (value \"PROCAPITA\")",
                "hr.txt: line 63: <CourseResult>: unknown course: add it to the courses or correct \
                 the course (value \"O365-GRUND\")",
            ],
        ),
        (
            "two employments with the same key, and one that ends before it starts",
            person(
                "10024",
                60,
                &[
                    "SOC-HT USK 2021-08-15..",
                    "SOC-HT USK 2021-08-15..2020-01-01",
                ],
                &[],
            ),
            &[
                "hr.txt: line 62: <Employment>: person 10024 has two employments in unit SOC-HT \
                 as USK starting the same day: merge them (value \"2021-08-15\")",
                "hr.txt: line 62: <Employment>: the employment ends before it starts \
                 (2021-08-15) (value \"2020-01-01\")",
            ],
        ),
        (
            "every problem of a record, in the order of its lines",
            person(
                "10024",
                60,
                &[
                    "SOC-XX USK 2021-08-15.. manager 10024",
                    "SOC ECH 2021-08-15..2020-01-01",
                ],
                &["competence PROCAPITA 2 2026-09-14"],
            ),
            &[
                "hr.txt: line 61: <Employment>: a person cannot be their own manager: correct the \
                 manager (value \"10024\")",
                "hr.txt: line 61: <Employment>: unknown org unit: add it to the org units or \
                 correct the unit (value \"SOC-XX\")",
                "hr.txt: line 62: <Employment>: the employment ends before it starts \
                 (2021-08-15) (value \"2020-01-01\")",
                "hr.txt: line 63: <Competence>: unknown system: add it to the systems or correct \
                 the system (value \"PROCAPITA\")",
            ],
        ),
        (
            "a person the file named before is a duplicate, and nothing else is checked",
            person("10023", 60, &["SOC-XX USK 2021-08-15.."], &[]),
            &[
                "hr.txt: line 60: <Person>: duplicate employee number (first on line 40): each \
                 person may appear once (value \"10023\")",
            ],
        ),
        (
            "a person the registry holds but the file has not named is no duplicate",
            person("10001", 60, &["SOC-HT ECH 2012-01-01.."], &[]),
            &[],
        ),
        (
            "a national identity number is refused unechoed, and nothing else is checked",
            PersonRecord {
                given_name: "191212121212".into(),
                ..person("10024", 60, &["SOC-XX USK 2021-08-15.."], &[])
            },
            &[
                "hr.txt: line 60: <Person>: the given name looks like a national identity number \
                 (personnummer, samordningsnummer, fødselsnummer or D-nummer); the value is not \
                 shown and the registry never stores one: use the employee number",
            ],
        ),
    ];
    for (name, record, expected) in cases {
        assert_eq!(texts(check_person(&record, &known)), expected, "{name}");
    }
}

#[test]
fn problems_name_fields_as_the_source_spells_them() {
    let catalog = catalog();
    let mistakes = [
        person("10024", 60, &["SOC-HT USK 2021-08-15.. manager 10024"], &[]),
        person("10024", 60, &["SOC-XX USK 2021-08-15.."], &[]),
    ];
    let wlx = FieldNames::default()
        .with(Field::Manager, "managerEmployeeNo")
        .with(Field::Unit, "unit")
        .with(Field::Units, "OrgUnits");
    let csv = FieldNames::default()
        .with(Field::Manager, "column \"Chef anst.nr\"")
        .with(Field::Unit, "column \"Enhet\"");
    let cases: [(&str, FieldNames, [&str; 2]); 3] = [
        (
            "neutral",
            FieldNames::default(),
            [
                "a person cannot be their own manager: correct the manager (value \"10024\")",
                "unknown org unit: add it to the org units or correct the unit (value \"SOC-XX\")",
            ],
        ),
        (
            "wlx",
            wlx,
            [
                "a person cannot be their own manager: correct managerEmployeeNo (value \"10024\")",
                "unknown org unit: add it to OrgUnits or correct unit (value \"SOC-XX\")",
            ],
        ),
        (
            "csv",
            csv,
            [
                "a person cannot be their own manager: correct column \"Chef anst.nr\" (value \
                 \"10024\")",
                "unknown org unit: add it to the org units or correct column \"Enhet\" (value \
                 \"SOC-XX\")",
            ],
        ),
    ];
    for (name, names, expected) in cases {
        let known = known(&catalog, names, SourceRole::People);
        for (record, expected) in mistakes.iter().zip(expected) {
            let problems = texts(check_person(record, &known));
            assert_eq!(
                problems,
                [format!("hr.txt: line 61: <Employment>: {expected}")],
                "{name}"
            );
        }
    }
}

#[test]
fn a_manager_is_known_once_the_file_names_them_or_the_registry_holds_them() {
    let catalog = catalog();
    let names = FieldNames::default().with(Field::Manager, "managerEmployeeNo");
    let mut known = known(&catalog, names, SourceRole::People);
    let record = person(
        "10024",
        60,
        &[
            "SOC-HT USK 2021-08-15.. manager 10099",
            "SOC ECH 2022-01-01.. manager 10001",
            "SOC USK 2023-01-01.. manager 10024",
            "SOC-HT ECH 2024-01-01.. manager 10023",
        ],
        &[],
    );
    // Only 10099 is not known: 10001 is in the registry, 10023 named on line 40, 10024 is the
    // person themselves (a problem of its own).
    let pending = unknown_managers(&record, &known);
    let pending_at: Vec<(&str, Option<u64>)> = pending
        .iter()
        .map(|(no, at)| (no.as_str(), at.line))
        .collect();
    assert_eq!(pending_at, [("10099", Some(61))]);

    // Never named: a problem once the file is read through.
    assert_eq!(
        texts(check_managers(pending.clone(), &known)),
        [
            "hr.txt: line 61: <Employment>: unknown manager: managerEmployeeNo names nobody in \
             the file or the registry (value \"10099\")"
        ]
    );
    // Named later in the file: no problem.
    known.see(&person("10099", 80, &["SOC ECH 2010-01-01.."], &[]));
    assert_eq!(texts(check_managers(pending, &known)), Vec::<String>::new());
}

#[test]
fn an_evidence_source_is_not_checked_for_employments_and_its_unknown_evidence_is_left_out() {
    let catalog = catalog();
    let owner = known(&catalog, FieldNames::default(), SourceRole::People);
    let known = known(&catalog, FieldNames::default(), SourceRole::Evidence);
    let mut record = person(
        "10001",
        60,
        &["SOC-XX NURSE 2021-08-15.. manager 10001"],
        &[
            "competence PROCAPITA 2 2026-09-14",
            "result LC-DOK 2026-10-20",
            "result O365-GRUND 2026-10-20",
        ],
    );
    assert_eq!(texts(check_person(&record, &known)), Vec::<String>::new());
    assert!(unknown_managers(&record, &known).is_empty());
    assert_eq!(
        texts(leave_out_unknown_evidence(&mut record, &known)),
        [
            "hr.txt: line 62: <Competence>: unknown system: add it to the systems or correct the \
             system; the record was left out (value \"PROCAPITA\")",
            "hr.txt: line 64: <CourseResult>: unknown course: add it to the courses or correct \
             the course; the record was left out (value \"O365-GRUND\")",
        ]
    );
    let kept: Vec<String> = record
        .evidence
        .iter()
        .map(|e| e.location().to_string())
        .collect();
    assert_eq!(kept, ["hr.txt: line 63: <CourseResult>"]);

    // A source that owns people gets no such leave: its catalog is wrong.
    let mut record = person("10001", 60, &[], &["competence PROCAPITA 2 2026-09-14"]);
    assert!(leave_out_unknown_evidence(&mut record, &owner).is_empty());
    assert_eq!(record.evidence.len(), 1);
}
