//! The fixture language of the case tables: people, employments and evidence written as text,
//! one line per item, so that a test case reads like the export it stands for.
//!
//! - An employment: `UNIT OCCUPATION START..[END] [PCT%] [manager NO]` (100 % when no percent is
//!   given; in a list, the first is the primary one).
//! - A source's evidence record: `competence SYSTEM LEVEL self|manager|course DATE [assessor NO]`
//!   or `result COURSE DATE`.
//! - Evidence as the registry holds it: `SYSTEM self LEVEL DATE`,
//!   `SYSTEM manager LEVEL DATE [by NO]`, `SYSTEM course CODE|- LEVEL DATE [until EXPIRY]`.
//!
//! Every function panics on a line it cannot read: a typo in a case table fails its test.
//!
//! ```
//! use skillreg_testkit::fixture;
//!
//! let anna = fixture::person(
//!     "hr.xml", "10023", "Anna Lindqvist", 20,
//!     &["SOC-HT USK 2015-03-01.. 75% manager 10001"],
//!     &["competence LIFECARE 3 manager 2026-10-01 assessor 10001", "result LC-DOK 2026-10-20"],
//! );
//! assert_eq!(anna.employments[0].percent, Some(75));
//! assert_eq!(anna.employments[0].location.line, Some(21));
//! assert_eq!(anna.evidence[1].location().line, Some(23));
//! Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use skillreg_core::{
    Catalog, CompetenceSource, Course, Employment, EmploymentRecord, Evidence, EvidenceKind,
    EvidenceRecord, Level, Location, Occupation, OrgUnit, PersonRecord, Requirement, System,
};

use crate::d;

/// Where a record stands in a file: `file`, `line`, the element (or record) `element`.
pub fn loc(file: &str, line: u64, element: &str) -> Location {
    Location {
        file: Some(file.into()),
        line: Some(line),
        column: None,
        element: Some(element.into()),
    }
}

/// A level written as its number (`"2"`).
pub fn level(s: &str) -> Level {
    s.parse()
        .unwrap_or_else(|e| panic!("bad level {s:?} in a fixture: {e}"))
}

/// An employment as the registry holds it (not primary), from
/// `UNIT OCCUPATION START..[END] [PCT%] [manager NO]`.
pub fn employment(spec: &str) -> Employment {
    let t: Vec<&str> = spec.split_whitespace().collect();
    let [unit, occupation, span, rest @ ..] = t.as_slice() else {
        panic!("bad employment fixture {spec:?}");
    };
    let (start, end) = span
        .split_once("..")
        .unwrap_or_else(|| panic!("bad span in {spec:?}"));
    let (percent, rest) = match rest {
        [p, rest @ ..] if p.ends_with('%') => (
            p.trim_end_matches('%')
                .parse::<u8>()
                .unwrap_or_else(|e| panic!("{spec:?}: {e}")),
            rest,
        ),
        rest => (100, rest),
    };
    let manager = match rest {
        [] => None,
        ["manager", no] => Some(no.to_string()),
        _ => panic!("bad employment fixture {spec:?}"),
    };
    Employment {
        unit: unit.to_string(),
        occupation: occupation.to_string(),
        percent: Some(percent),
        start: d(start),
        end: (!end.is_empty()).then(|| d(end)),
        manager,
        primary: false,
    }
}

/// Employments as the registry holds them; the first is the primary one.
pub fn employments(specs: &[&str]) -> Vec<Employment> {
    specs
        .iter()
        .enumerate()
        .map(|(i, s)| Employment {
            primary: i == 0,
            ..employment(s)
        })
        .collect()
}

/// An employment as a source states it, found `at`.
pub fn employment_record(spec: &str, primary: bool, at: Location) -> EmploymentRecord {
    let e = employment(spec);
    EmploymentRecord {
        unit: e.unit,
        occupation: e.occupation,
        percent: e.percent,
        start: e.start,
        end: e.end,
        manager: e.manager,
        primary,
        location: at,
    }
}

/// A source's evidence record, found `at`, from
/// `competence SYSTEM LEVEL self|manager|course DATE [assessor NO]` or `result COURSE DATE`.
pub fn evidence_record(spec: &str, at: Location) -> EvidenceRecord {
    let t: Vec<&str> = spec.split_whitespace().collect();
    match t.as_slice() {
        ["competence", system, l, source, date, rest @ ..] => EvidenceRecord::Competence {
            system: system.to_string(),
            level: level(l),
            source: match *source {
                "self" => CompetenceSource::SelfAssessment,
                "manager" => CompetenceSource::Manager,
                "course" => CompetenceSource::Course,
                other => panic!("bad source {other:?} in {spec:?}"),
            },
            date: d(date),
            assessor: match rest {
                [] => None,
                ["assessor", no] => Some(no.to_string()),
                _ => panic!("bad evidence record {spec:?}"),
            },
            location: at,
        },
        ["result", course, completed] => EvidenceRecord::CourseResult {
            course: course.to_string(),
            completed: d(completed),
            location: at,
        },
        _ => panic!("bad evidence record {spec:?}"),
    }
}

/// Evidence as the registry holds it, from `SYSTEM self LEVEL DATE`,
/// `SYSTEM manager LEVEL DATE [by NO]` or `SYSTEM course CODE|- LEVEL DATE [until EXPIRY]`.
pub fn evidence(spec: &str) -> Evidence {
    let t: Vec<&str> = spec.split_whitespace().collect();
    let (system, l, date, kind) = match t.as_slice() {
        [system, "self", l, date] => (system, l, date, EvidenceKind::SelfAssessment),
        [system, "manager", l, date, rest @ ..] => {
            let assessor = match rest {
                [] => None,
                ["by", no] => Some(no.to_string()),
                _ => panic!("bad evidence fixture {spec:?}"),
            };
            (
                system,
                l,
                date,
                EvidenceKind::ManagerAssessment { assessor },
            )
        }
        [system, "course", code, l, date, rest @ ..] => {
            let expires = match rest {
                [] => None,
                ["until", e] => Some(d(e)),
                _ => panic!("bad evidence fixture {spec:?}"),
            };
            let course = (*code != "-").then(|| code.to_string());
            (
                system,
                l,
                date,
                EvidenceKind::CourseResult { course, expires },
            )
        }
        _ => panic!("bad evidence fixture {spec:?}"),
    };
    Evidence {
        system: system.to_string(),
        level: level(l),
        date: d(date),
        kind,
    }
}

/// A person record in `file`. `name` is "Given Family"; `line` is where the person starts
/// (element `Person`), the employments follow on the next lines (`Employment`, the first one
/// primary), then the evidence (`Competence` or `CourseResult`).
pub fn person(
    file: &str,
    no: &str,
    name: &str,
    line: u64,
    emps: &[&str],
    evs: &[&str],
) -> PersonRecord {
    let (given, family) = name
        .split_once(' ')
        .unwrap_or_else(|| panic!("bad name {name:?}"));
    let employments = emps
        .iter()
        .enumerate()
        .map(|(i, s)| employment_record(s, i == 0, loc(file, line + 1 + i as u64, "Employment")))
        .collect();
    let first = line + 1 + emps.len() as u64;
    let evidence = evs
        .iter()
        .enumerate()
        .map(|(i, spec)| {
            let element = if spec.starts_with("result") {
                "CourseResult"
            } else {
                "Competence"
            };
            evidence_record(spec, loc(file, first + i as u64, element))
        })
        .collect();
    PersonRecord {
        employee_no: no.into(),
        given_name: given.into(),
        family_name: family.into(),
        email: None,
        gender: None,
        employments,
        evidence,
        location: loc(file, line, "Person"),
    }
}

/// The catalog of the multi-source cases, Sundsvall's social services: units SOC
/// (Socialförvaltningen) with SOC-HT (Hemtjänst Norr) and SOC-SÄBO (Särskilt boende
/// Granloholm) below it; occupations USK and SSK; systems LIFECARE and O365; USK needs LIFECARE
/// at level 2; the course LC-DOK grants LIFECARE 2.
pub fn social_services() -> Catalog {
    let unit = |id: &str, name: &str, parent: Option<&str>| OrgUnit {
        id: id.into(),
        name: name.into(),
        parent: parent.map(str::to_string),
    };
    let occupation = |code: &str, name: &str| Occupation {
        code: code.into(),
        name: name.into(),
    };
    let system = |code: &str, name: &str| System {
        code: code.into(),
        name: name.into(),
        vendor: None,
        level_descriptions: [None, None, None, None],
    };
    Catalog {
        units: vec![
            unit("SOC", "Socialförvaltningen", None),
            unit("SOC-HT", "Hemtjänst Norr", Some("SOC")),
            unit("SOC-SÄBO", "Särskilt boende Granloholm", Some("SOC")),
        ],
        occupations: vec![
            occupation("USK", "Undersköterska"),
            occupation("SSK", "Sjuksköterska"),
        ],
        systems: vec![
            system("LIFECARE", "Lifecare SP"),
            system("O365", "Microsoft 365"),
        ],
        requirements: vec![Requirement {
            occupation: "USK".into(),
            system: "LIFECARE".into(),
            level: Level::Independent,
            unit: None,
        }],
        courses: vec![Course {
            code: "LC-DOK".into(),
            name: "Dokumentation i Lifecare".into(),
            system: "LIFECARE".into(),
            grants: Level::Independent,
            valid_months: None,
            audience: Vec::new(),
        }],
        groups: Vec::new(),
    }
}
