//! The rules 1-8 of docs/src/rules.md and the choices `rules.rs` writes down, as case tables.
//!
//! Each area has one `check` helper, the only place that calls the API for it; each case is a
//! name, a fixture and the expected values. Evidence is written as one line of text:
//! `SYSTEM self LEVEL DATE`, `SYSTEM manager LEVEL DATE`,
//! `SYSTEM course CODE|- LEVEL DATE [until EXPIRY]` (`-`: a course result with no course named).

// Case tables are tuples of slices, which clippy calls complex; named types would only add noise.
#![allow(clippy::type_complexity)]

use crate::common::render;

use std::collections::BTreeSet;

use skillreg_core::rules::{self, Expiring};
use skillreg_core::{
    Catalog, Course, CurrentSource, Employee, Employment, Evidence, EvidenceKind, Level, OrgTree,
    OrgUnit, Referral, Requirement, RuleBook, Standing, System,
};
use skillreg_testkit::d;
use skillreg_testkit::fixture::{self, level};

/// The day of the worked example; the default "as of" day of these cases.
const D: &str = "2026-11-20";

/// `0` = none (not assessed / no target), 1-4 = that level.
fn opt_level(n: u8) -> Option<Level> {
    match n {
        0 => None,
        n => Some(Level::new(n).unwrap_or_else(|| panic!("bad level {n} in a case"))),
    }
}

/// Evidence in the test kit's fixture language; a manager assessment names no assessor, so it
/// is by 10001 here.
fn ev(spec: &str) -> Evidence {
    let mut e = fixture::evidence(spec);
    if let EvidenceKind::ManagerAssessment { assessor: None } = e.kind {
        e.kind = EvidenceKind::ManagerAssessment {
            assessor: Some("10001".into()),
        };
    }
    e
}

fn evs(specs: &[&str]) -> Vec<Evidence> {
    specs.iter().map(|s| ev(s)).collect()
}

fn employee(employments: &[&str]) -> Employee {
    Employee {
        employee_no: "90001".into(),
        given_name: "Test".into(),
        family_name: "Person".into(),
        email: None,
        employments: employments.iter().map(|s| fixture::employment(s)).collect(),
    }
}

/// `COURSE CREATED [cancelled DAY]`.
fn referral(spec: &str) -> Referral {
    let t: Vec<&str> = spec.split_whitespace().collect();
    let (course, created, cancelled) = match t.as_slice() {
        [course, created] => (course, created, None),
        [course, created, "cancelled", c] => (course, created, Some(d(c))),
        _ => panic!("bad referral fixture {spec:?}"),
    };
    Referral {
        course: course.to_string(),
        created: d(created),
        due: None,
        cancelled,
        referred_by: Some("10001".into()),
    }
}

fn unit(id: &str, parent: Option<&str>) -> OrgUnit {
    OrgUnit {
        id: id.into(),
        name: format!("Unit {id}"),
        parent: parent.map(str::to_string),
    }
}

fn requirement(occupation: &str, system: &str, n: u8, unit: Option<&str>) -> Requirement {
    Requirement {
        occupation: occupation.into(),
        system: system.into(),
        level: opt_level(n).unwrap_or_else(|| panic!("a requirement needs a level")),
        unit: unit.map(str::to_string),
    }
}

fn course(code: &str, system: &str, grants: u8, valid_months: Option<u32>) -> Course {
    Course {
        code: code.into(),
        name: format!("Course {code}"),
        system: system.into(),
        grants: opt_level(grants).unwrap_or_else(|| panic!("a course grants a level")),
        valid_months,
        audience: Vec::new(),
    }
}

/// The catalog of these cases. Org tree:
/// SOC > {SOC-HT, SOC-SÄBO > SOC-SÄBO-A}; BUF > BUF-EHT. Units are listed children first.
fn catalog() -> Catalog {
    Catalog {
        units: vec![
            unit("SOC-SÄBO-A", Some("SOC-SÄBO")),
            unit("SOC-HT", Some("SOC")),
            unit("SOC-SÄBO", Some("SOC")),
            unit("SOC", None),
            unit("BUF-EHT", Some("BUF")),
            unit("BUF", None),
        ],
        occupations: vec![],
        systems: vec![],
        requirements: vec![
            requirement("USK", "LIFECARE", 2, None),
            requirement("USK", "TIMECARE", 1, None),
            requirement("USK", "LIFECARE", 3, Some("SOC-SÄBO")),
            requirement("USK", "O365", 4, Some("BUF")),
            requirement("SSK", "LIFECARE", 3, None),
            requirement("SSK", "O365", 2, None),
            requirement("ECH", "O365", 3, Some("SOC")),
            requirement("ECH", "TIMECARE", 4, Some("SOC-SÄBO-A")),
        ],
        // Deliberately not sorted: the rule book sorts by granted level, then code.
        courses: vec![
            course("LC-SUPER", "LIFECARE", 4, None),
            course("LC-HANDL", "LIFECARE", 3, Some(24)),
            course("LC-DOK", "LIFECARE", 2, None),
            course("LC-GRUND", "LIFECARE", 1, None),
            course("LC-APP", "LIFECARE", 2, None),
            course("TEAMS-1", "O365", 2, None),
            course("O365-GRUND", "O365", 1, None),
            course("TC-CHEF", "TIMECARE", 3, None),
        ],
        groups: Vec::new(),
    }
}

// ---------------------------------------------------------------------------------------------
// Rule 1: target level.

#[test]
fn rule1_target_level() {
    fn check(name: &str, employments: &[&str], day: &str, expected: &[(&str, u8)]) {
        let got: Vec<(String, u8)> = RuleBook::new(&catalog())
            .targets(&employee(employments), d(day))
            .into_iter()
            .map(|(system, level)| (system, level.number()))
            .collect();
        let expected: Vec<(String, u8)> =
            expected.iter().map(|(s, n)| (s.to_string(), *n)).collect();
        assert_eq!(got, expected, "case {name:?}");
    }
    let cases: &[(&str, &[&str], &str, &[(&str, u8)])] = &[
        (
            "occupation-wide requirements apply in any unit",
            &["SOC-HT USK 2015-03-01.."],
            D,
            &[("LIFECARE", 2), ("TIMECARE", 1)],
        ),
        (
            "a unit requirement applies in its unit, the highest wins",
            &["SOC-SÄBO USK 2019-02-01.."],
            D,
            &[("LIFECARE", 3), ("TIMECARE", 1)],
        ),
        (
            "a unit requirement applies in the units below it",
            &["SOC-SÄBO-A USK 2019-02-01.."],
            D,
            &[("LIFECARE", 3), ("TIMECARE", 1)],
        ),
        (
            "a unit requirement does not apply to its parent unit",
            &["SOC USK 2019-02-01.."],
            D,
            &[("LIFECARE", 2), ("TIMECARE", 1)],
        ),
        (
            "a unit requirement does not apply to a sibling unit",
            &["SOC-HT USK 2019-02-01.."],
            D,
            &[("LIFECARE", 2), ("TIMECARE", 1)],
        ),
        (
            "a unit requirement on another branch does not apply",
            &["BUF-EHT USK 2019-02-01.."],
            D,
            &[("LIFECARE", 2), ("O365", 4), ("TIMECARE", 1)],
        ),
        (
            "a requirement on a root unit applies two levels down",
            &["SOC-SÄBO-A ECH 2010-09-01.."],
            D,
            &[("O365", 3), ("TIMECARE", 4)],
        ),
        (
            "a requirement on a leaf unit does not apply to its parent",
            &["SOC-SÄBO ECH 2010-09-01.."],
            D,
            &[("O365", 3)],
        ),
        (
            "an employment outside every unit requirement of its occupation: no target",
            &["BUF-EHT ECH 2010-09-01.."],
            D,
            &[],
        ),
        (
            "an occupation without requirements: no target",
            &["BUF-EHT SKSK 2020-08-10.."],
            D,
            &[],
        ),
        ("no employment: no target", &[], D, &[]),
        (
            "the highest over two employments in different occupations",
            &["SOC-HT USK 2015-03-01..", "SOC-HT SSK 2020-01-01.."],
            D,
            &[("LIFECARE", 3), ("O365", 2), ("TIMECARE", 1)],
        ),
        (
            "the highest over two employments in different units (10025)",
            &["SOC-HT USK 2023-01-01..", "SOC-SÄBO USK 2019-02-01.."],
            D,
            &[("LIFECARE", 3), ("TIMECARE", 1)],
        ),
        (
            "an employment that ended the day before contributes nothing",
            &[
                "SOC-SÄBO USK 2019-02-01..2026-11-19",
                "SOC-HT USK 2023-01-01..",
            ],
            D,
            &[("LIFECARE", 2), ("TIMECARE", 1)],
        ),
        (
            "an employment is active on its end day",
            &[
                "SOC-SÄBO USK 2019-02-01..2026-11-20",
                "SOC-HT USK 2023-01-01..",
            ],
            D,
            &[("LIFECARE", 3), ("TIMECARE", 1)],
        ),
        (
            "an employment is active on its start day",
            &["SOC-HT SSK 2026-11-20.."],
            D,
            &[("LIFECARE", 3), ("O365", 2)],
        ),
        (
            "an employment starting the day after contributes nothing",
            &["SOC-HT SSK 2026-11-21..", "SOC-HT USK 2015-03-01.."],
            D,
            &[("LIFECARE", 2), ("TIMECARE", 1)],
        ),
        (
            "only inactive employments: no target at all",
            &[
                "SOC-HT USK 2015-03-01..2026-06-30",
                "SOC-HT SSK 2027-01-01..",
            ],
            D,
            &[],
        ),
        (
            "the same employments on a day when the first was active",
            &[
                "SOC-HT USK 2015-03-01..2026-06-30",
                "SOC-HT SSK 2027-01-01..",
            ],
            "2026-06-30",
            &[("LIFECARE", 2), ("TIMECARE", 1)],
        ),
    ];
    for (name, employments, day, expected) in cases {
        check(name, employments, day, expected);
    }
}

#[test]
fn employee_activity_and_primary_employment() {
    /// Expected: (active, unit of the primary employment on that day).
    fn check(name: &str, employments: &[(&str, bool)], day: &str, expected: (bool, Option<&str>)) {
        let mut e = employee(&[]);
        e.employments = employments
            .iter()
            .map(|(spec, primary)| Employment {
                primary: *primary,
                ..fixture::employment(spec)
            })
            .collect();
        let day = d(day);
        let got = (
            e.is_active(day),
            e.primary_employment(day).map(|p| p.unit.as_str()),
        );
        assert_eq!(got, expected, "case {name:?}");
    }
    let cases: &[(&str, &[(&str, bool)], &str, (bool, Option<&str>))] = &[
        ("no employment", &[], D, (false, None)),
        (
            "ongoing primary",
            &[("SOC-HT USK 2015-03-01..", true)],
            D,
            (true, Some("SOC-HT")),
        ),
        (
            "the primary one among two active",
            &[
                ("SOC-HT USK 2023-01-01..", false),
                ("SOC-SÄBO USK 2019-02-01..", true),
            ],
            D,
            (true, Some("SOC-SÄBO")),
        ),
        (
            "primary ended: the first active one",
            &[
                ("SOC-SÄBO USK 2019-02-01..2026-06-30", true),
                ("BUF USK 2024-01-01..2026-06-30", false),
                ("SOC-HT USK 2023-01-01..", false),
            ],
            D,
            (true, Some("SOC-HT")),
        ),
        (
            "ended 2026-06-30: active on the end day (10041)",
            &[("BUF-EHT SKSK 2016-01-04..2026-06-30", true)],
            "2026-06-30",
            (true, Some("BUF-EHT")),
        ),
        (
            "ended 2026-06-30: not active the day after (10041)",
            &[("BUF-EHT SKSK 2016-01-04..2026-06-30", true)],
            "2026-07-01",
            (false, None),
        ),
        (
            "not yet started",
            &[("SOC-HT USK 2027-01-01..", true)],
            D,
            (false, None),
        ),
    ];
    for (name, employments, day, expected) in cases {
        check(name, employments, day, *expected);
    }
}

// ---------------------------------------------------------------------------------------------
// Rule 2: confirmed level.

#[test]
fn rule2_confirmed_level() {
    fn check(name: &str, evidence: &[&str], day: &str, expected: u8) {
        let got = rules::confirmed_level(&evs(evidence), "LIFECARE", d(day));
        assert_eq!(got, opt_level(expected), "case {name:?}");
    }
    let cases: &[(&str, &[&str], &str, u8)] = &[
        ("no evidence: none", &[], D, 0),
        (
            "a self-assessment does not confirm",
            &["LIFECARE self 3 2026-09-14"],
            D,
            0,
        ),
        (
            "a manager assessment sets the level",
            &["LIFECARE manager 2 2026-10-01"],
            D,
            2,
        ),
        (
            "a later manager assessment sets it again, lower",
            &[
                "LIFECARE manager 3 2026-01-01",
                "LIFECARE manager 1 2026-02-01",
            ],
            D,
            1,
        ),
        (
            "a manager may lower a course's level",
            &[
                "LIFECARE course LC-HANDL 3 2026-01-10",
                "LIFECARE manager 2 2026-03-01",
            ],
            D,
            2,
        ),
        (
            "a manager may lower a course's level, whatever the input order",
            &[
                "LIFECARE manager 2 2026-03-01",
                "LIFECARE course LC-HANDL 3 2026-01-10",
            ],
            D,
            2,
        ),
        (
            "a course alone sets its level",
            &["LIFECARE course LC-DOK 2 2026-10-20"],
            D,
            2,
        ),
        (
            "a course raises a manager's level",
            &[
                "LIFECARE manager 1 2026-01-01",
                "LIFECARE course LC-DOK 2 2026-02-01",
            ],
            D,
            2,
        ),
        (
            "a course never lowers a manager's level (10023)",
            &[
                "LIFECARE manager 3 2026-10-01",
                "LIFECARE course LC-DOK 2 2026-10-20",
            ],
            D,
            3,
        ),
        (
            "a course never lowers, whatever the input order",
            &[
                "LIFECARE course LC-DOK 2 2026-10-20",
                "LIFECARE manager 3 2026-10-01",
            ],
            D,
            3,
        ),
        (
            "a lower course after a higher course does not lower",
            &[
                "LIFECARE course LC-HANDL 3 2026-01-10",
                "LIFECARE course LC-GRUND 1 2026-05-01",
            ],
            D,
            3,
        ),
        (
            "a course result with no course named raises like a course",
            &[
                "LIFECARE manager 1 2026-01-01",
                "LIFECARE course - 3 2026-02-01",
            ],
            D,
            3,
        ),
        (
            "a course result with no course named never expires",
            &["LIFECARE course - 3 2010-01-01"],
            D,
            3,
        ),
        (
            "a course result with no course named never lowers",
            &[
                "LIFECARE manager 4 2026-01-01",
                "LIFECARE course - 2 2026-02-01",
            ],
            D,
            4,
        ),
        (
            "an expired course result is dropped (10031's LC-HANDL)",
            &["LIFECARE course LC-HANDL 3 2023-04-18 until 2025-04-18"],
            D,
            0,
        ),
        (
            "an expired course result is dropped, the earlier manager level stands",
            &[
                "LIFECARE manager 2 2024-01-01",
                "LIFECARE course LC-HANDL 3 2024-06-01 until 2026-06-01",
            ],
            D,
            2,
        ),
        (
            "the same course result counts the day before it expires",
            &[
                "LIFECARE manager 2 2024-01-01",
                "LIFECARE course LC-HANDL 3 2024-06-01 until 2026-06-01",
            ],
            "2026-05-31",
            3,
        ),
        (
            "on its expiry day a course result has expired",
            &["LIFECARE course LC-HANDL 3 2023-04-18 until 2025-04-18"],
            "2025-04-18",
            0,
        ),
        (
            "the day before its expiry day a course result is valid",
            &["LIFECARE course LC-HANDL 3 2023-04-18 until 2025-04-18"],
            "2025-04-17",
            3,
        ),
        (
            "a manager assessment after the day is ignored",
            &["LIFECARE manager 2 2026-10-12"],
            "2026-10-11",
            0,
        ),
        (
            "a manager assessment on the day counts",
            &["LIFECARE manager 2 2026-10-12"],
            "2026-10-12",
            2,
        ),
        (
            "a later manager assessment after the day is ignored",
            &[
                "LIFECARE manager 2 2026-10-01",
                "LIFECARE manager 4 2026-11-21",
            ],
            D,
            2,
        ),
        (
            "a course result after the day is ignored",
            &[
                "LIFECARE manager 1 2026-10-01",
                "LIFECARE course LC-HANDL 3 2026-11-21",
            ],
            D,
            1,
        ),
        (
            "same day: the manager comes after the course and wins even when lower",
            &[
                "LIFECARE manager 2 2026-10-20",
                "LIFECARE course LC-HANDL 3 2026-10-20",
            ],
            D,
            2,
        ),
        (
            "same day: manager wins even when lower, other input order",
            &[
                "LIFECARE course LC-HANDL 3 2026-10-20",
                "LIFECARE manager 2 2026-10-20",
            ],
            D,
            2,
        ),
        (
            "same day: the manager comes after the course, higher",
            &[
                "LIFECARE manager 3 2026-10-20",
                "LIFECARE course LC-DOK 2 2026-10-20",
            ],
            D,
            3,
        ),
        (
            "same day, two managers: the one recorded later wins",
            &[
                "LIFECARE manager 2 2026-10-20",
                "LIFECARE manager 3 2026-10-20",
            ],
            D,
            3,
        ),
        (
            "same day, two managers, other order: the one recorded later wins",
            &[
                "LIFECARE manager 3 2026-10-20",
                "LIFECARE manager 2 2026-10-20",
            ],
            D,
            2,
        ),
        (
            "evidence on another system is ignored",
            &[
                "O365 manager 4 2026-10-01",
                "TIMECARE course TC-CHEF 3 2026-01-01",
            ],
            D,
            0,
        ),
    ];
    for (name, evidence, day, expected) in cases {
        check(name, evidence, day, *expected);
    }
}

// ---------------------------------------------------------------------------------------------
// Rule 3: self level.

#[test]
fn rule3_self_level() {
    fn check(name: &str, evidence: &[&str], day: &str, expected: u8) {
        let got = rules::self_level(&evs(evidence), "LIFECARE", d(day));
        assert_eq!(got, opt_level(expected), "case {name:?}");
    }
    let cases: &[(&str, &[&str], &str, u8)] = &[
        ("no evidence: none", &[], D, 0),
        ("one self-assessment", &["LIFECARE self 2 2026-09-14"], D, 2),
        (
            "the latest wins, even when lower",
            &["LIFECARE self 3 2026-01-01", "LIFECARE self 1 2026-09-01"],
            D,
            1,
        ),
        (
            "the latest wins, whatever the input order",
            &["LIFECARE self 1 2026-09-01", "LIFECARE self 3 2026-01-01"],
            D,
            1,
        ),
        (
            "one after the day is ignored",
            &["LIFECARE self 2 2026-09-01", "LIFECARE self 4 2026-11-21"],
            D,
            2,
        ),
        (
            "one on the day counts",
            &["LIFECARE self 2 2026-09-01", "LIFECARE self 4 2026-11-20"],
            D,
            4,
        ),
        (
            "only one after the day: none",
            &["LIFECARE self 4 2026-11-21"],
            D,
            0,
        ),
        (
            "same day: the one recorded later wins",
            &["LIFECARE self 2 2026-09-01", "LIFECARE self 3 2026-09-01"],
            D,
            3,
        ),
        (
            "same day, other order: the one recorded later wins",
            &["LIFECARE self 3 2026-09-01", "LIFECARE self 2 2026-09-01"],
            D,
            2,
        ),
        (
            "manager assessments and courses are not self-assessments",
            &[
                "LIFECARE manager 3 2026-10-01",
                "LIFECARE course LC-DOK 2 2026-10-20",
            ],
            D,
            0,
        ),
        (
            "another system is ignored",
            &["O365 self 1 2026-09-14"],
            D,
            0,
        ),
    ];
    for (name, evidence, day, expected) in cases {
        check(name, evidence, day, *expected);
    }
}

// ---------------------------------------------------------------------------------------------
// Rules 4 and 5: current level, gap, discrepancy.

#[test]
fn rule4_5_current_level_gap_and_discrepancy() {
    /// Expected: (current, source, gap, discrepancy); levels as numbers, 0 = none.
    fn check(name: &str, target: u8, evidence: &[&str], expected: (u8, CurrentSource, u8, bool)) {
        let s = RuleBook::new(&catalog()).standing(
            "LIFECARE",
            opt_level(target),
            &["USK"],
            &evs(evidence),
            &[],
            d(D),
        );
        let got = (
            s.current.map_or(0, Level::number),
            s.current_source,
            s.gap,
            s.discrepancy,
        );
        assert_eq!(got, expected, "case {name:?}");
    }
    use CurrentSource::{Confirmed, None as NotAssessed, SelfAssessed};
    let cases: &[(&str, u8, &[&str], (u8, CurrentSource, u8, bool))] = &[
        (
            "not assessed counts as 0 in the gap",
            2,
            &[],
            (0, NotAssessed, 2, false),
        ),
        ("not assessed, target 4", 4, &[], (0, NotAssessed, 4, false)),
        (
            "not assessed, no target: no gap",
            0,
            &[],
            (0, NotAssessed, 0, false),
        ),
        (
            "self-assessed only, meets the target",
            1,
            &["LIFECARE self 1 2026-09-14"],
            (1, SelfAssessed, 0, false),
        ),
        (
            "self-assessed only, below the target",
            3,
            &["LIFECARE self 1 2026-09-14"],
            (1, SelfAssessed, 2, false),
        ),
        (
            "confirmed only",
            3,
            &["LIFECARE manager 2 2026-10-12"],
            (2, Confirmed, 1, false),
        ),
        (
            "confirmed wins over a higher self level: discrepancy (10031)",
            3,
            &[
                "LIFECARE self 3 2026-09-02",
                "LIFECARE manager 2 2026-10-12",
            ],
            (2, Confirmed, 1, true),
        ),
        (
            "confirmed wins over a lower self level: discrepancy (10023)",
            2,
            &[
                "LIFECARE self 2 2026-09-14",
                "LIFECARE manager 3 2026-10-01",
            ],
            (3, Confirmed, 0, true),
        ),
        (
            "confirmed wins even when the self-assessment is newer",
            2,
            &[
                "LIFECARE manager 1 2026-01-01",
                "LIFECARE self 4 2026-11-01",
            ],
            (1, Confirmed, 1, true),
        ),
        (
            "self equal to confirmed: no discrepancy",
            2,
            &[
                "LIFECARE self 2 2026-09-14",
                "LIFECARE manager 2 2026-10-01",
            ],
            (2, Confirmed, 0, false),
        ),
        (
            "above the target: no negative gap",
            2,
            &["LIFECARE manager 4 2026-10-01"],
            (4, Confirmed, 0, false),
        ),
        (
            "self-assessed above the target: no negative gap",
            1,
            &["LIFECARE self 3 2026-10-01"],
            (3, SelfAssessed, 0, false),
        ),
        (
            "evidence but no target: no gap",
            0,
            &["LIFECARE manager 2 2026-10-01"],
            (2, Confirmed, 0, false),
        ),
        (
            "only an expired course and a self level: self-assessed, no discrepancy",
            3,
            &[
                "LIFECARE course LC-HANDL 3 2023-04-18 until 2025-04-18",
                "LIFECARE self 1 2026-01-01",
            ],
            (1, SelfAssessed, 2, false),
        ),
        (
            "evidence after the day only: not assessed",
            2,
            &[
                "LIFECARE self 2 2026-12-01",
                "LIFECARE manager 2 2026-12-01",
            ],
            (0, NotAssessed, 2, false),
        ),
    ];
    for (name, target, evidence, expected) in cases {
        check(name, *target, evidence, *expected);
    }
}

#[test]
fn rule5_gap_arithmetic() {
    fn check(target: u8, current: u8, expected: u8) {
        let got = rules::gap(opt_level(target), opt_level(current));
        assert_eq!(got, expected, "gap(target {target}, current {current})");
    }
    // (target, current, gap); 0 = none.
    let cases: &[(u8, u8, u8)] = &[
        (0, 0, 0),
        (1, 0, 1),
        (4, 0, 4),
        (0, 3, 0),
        (2, 3, 0),
        (1, 4, 0),
        (3, 1, 2),
        (3, 3, 0),
        (4, 1, 3),
    ];
    for (target, current, expected) in cases {
        check(*target, *current, *expected);
    }
}

#[test]
fn standings_cover_systems_with_a_target_or_evidence() {
    fn check(name: &str, employments: &[&str], evidence: &[&str], day: &str, expected: &[&str]) {
        let got: Vec<String> = RuleBook::new(&catalog())
            .standings(&employee(employments), &evs(evidence), &[], d(day))
            .iter()
            .map(render)
            .collect();
        assert_eq!(got, expected, "case {name:?}");
    }
    let cases: &[(&str, &[&str], &[&str], &str, &[&str])] = &[
        ("nothing: no standing", &[], &[], D, &[]),
        (
            "targets only, sorted by system",
            &["SOC-HT USK 2015-03-01.."],
            &[],
            D,
            &[
                "LIFECARE target 2 confirmed - self - current - (none) gap 2 recommended LC-APP,LC-DOK,LC-HANDL,LC-SUPER",
                "TIMECARE target 1 confirmed - self - current - (none) gap 1 recommended TC-CHEF",
            ],
        ),
        (
            "evidence in a system without a target is listed, without a gap",
            &["SOC-HT USK 2015-03-01.."],
            &[
                "O365 self 3 2026-09-01",
                "LIFECARE manager 2 2026-10-01",
                "TIMECARE self 1 2026-09-01",
            ],
            D,
            &[
                "LIFECARE target 2 confirmed 2 self - current 2 (confirmed) gap 0",
                "O365 target - confirmed - self 3 current 3 (self) gap 0",
                "TIMECARE target 1 confirmed - self 1 current 1 (self) gap 0",
            ],
        ),
        (
            "evidence dated after the day does not list a system",
            &["SOC-HT USK 2015-03-01.."],
            &[
                "O365 self 3 2026-12-01",
                "LIFECARE manager 2 2026-10-01",
                "TIMECARE self 1 2026-09-01",
            ],
            D,
            &[
                "LIFECARE target 2 confirmed 2 self - current 2 (confirmed) gap 0",
                "TIMECARE target 1 confirmed - self 1 current 1 (self) gap 0",
            ],
        ),
        (
            "an inactive person keeps standings for evidence, without targets",
            &["SOC-HT USK 2015-03-01..2026-06-30"],
            &["LIFECARE manager 2 2026-03-01"],
            D,
            &["LIFECARE target - confirmed 2 self - current 2 (confirmed) gap 0"],
        ),
    ];
    for (name, employments, evidence, day, expected) in cases {
        check(name, employments, evidence, day, expected);
    }
}

// ---------------------------------------------------------------------------------------------
// Rule 6: recommended courses and referrals.

#[test]
fn rule6_recommended_and_referred_courses() {
    /// Expected: (recommended, referred).
    fn check(
        name: &str,
        (system, target): (&str, u8),
        evidence: &[&str],
        referrals: &[&str],
        day: &str,
        expected: (&[&str], &[&str]),
    ) {
        let referrals: Vec<Referral> = referrals.iter().map(|r| referral(r)).collect();
        let s = RuleBook::new(&catalog()).standing(
            system,
            opt_level(target),
            &["USK"],
            &evs(evidence),
            &referrals,
            d(day),
        );
        assert_eq!(
            (s.recommended_courses, s.referred_courses),
            (
                expected.0.iter().map(|c| c.to_string()).collect::<Vec<_>>(),
                expected.1.iter().map(|c| c.to_string()).collect::<Vec<_>>()
            ),
            "case {name:?}"
        );
    }
    let cases: &[(&str, (&str, u8), &[&str], &[&str], &str, (&[&str], &[&str]))] = &[
        (
            "not assessed: every sufficient course, lowest level first, then by code",
            ("LIFECARE", 2),
            &[],
            &[],
            D,
            (&["LC-APP", "LC-DOK", "LC-HANDL", "LC-SUPER"], &[]),
        ),
        (
            "courses at or below the current level are left out",
            ("LIFECARE", 3),
            &["LIFECARE self 2 2026-09-14"],
            &[],
            D,
            (&["LC-HANDL", "LC-SUPER"], &[]),
        ),
        (
            "target 4: only the expert course is sufficient",
            ("LIFECARE", 4),
            &["LIFECARE manager 1 2026-09-14"],
            &[],
            D,
            (&["LC-SUPER"], &[]),
        ),
        (
            "none sufficient: only the highest that exists",
            ("O365", 3),
            &[],
            &[],
            D,
            (&["TEAMS-1"], &[]),
        ),
        (
            "none sufficient and none above the current level: nothing",
            ("O365", 4),
            &["O365 self 2 2026-09-14"],
            &[],
            D,
            (&[], &[]),
        ),
        (
            "the only course, above the target (10023 TIMECARE)",
            ("TIMECARE", 1),
            &[],
            &[],
            D,
            (&["TC-CHEF"], &[]),
        ),
        (
            "no gap: nothing",
            ("LIFECARE", 2),
            &["LIFECARE manager 2 2026-10-01"],
            &[],
            D,
            (&[], &[]),
        ),
        (
            "no target: nothing",
            ("LIFECARE", 0),
            &[],
            &[],
            D,
            (&[], &[]),
        ),
        (
            "a system without courses: nothing",
            ("PMO", 3),
            &[],
            &[],
            D,
            (&[], &[]),
        ),
        (
            "a completed, still valid course is not recommended again",
            ("LIFECARE", 3),
            &[
                "LIFECARE course LC-HANDL 3 2026-01-10 until 2028-01-10",
                "LIFECARE manager 2 2026-03-01",
            ],
            &[],
            D,
            (&["LC-SUPER"], &[]),
        ),
        (
            "a completed course that never expires is not recommended again",
            ("TIMECARE", 3),
            &[
                "TIMECARE course TC-CHEF 3 2020-01-01",
                "TIMECARE manager 1 2021-01-01",
            ],
            &[],
            D,
            (&[], &[]),
        ),
        (
            "an expired course is recommended again (10031)",
            ("LIFECARE", 3),
            &[
                "LIFECARE course LC-HANDL 3 2023-04-18 until 2025-04-18",
                "LIFECARE manager 2 2026-10-12",
            ],
            &[],
            D,
            (&["LC-HANDL", "LC-SUPER"], &[]),
        ),
        (
            "a course completed after the day is not completed yet",
            ("LIFECARE", 3),
            &[
                "LIFECARE manager 2 2026-10-12",
                "LIFECARE course LC-HANDL 3 2026-12-01 until 2028-12-01",
            ],
            &[],
            D,
            (&["LC-HANDL", "LC-SUPER"], &[]),
        ),
        (
            "an open referral is shown instead of recommending",
            ("LIFECARE", 3),
            &["LIFECARE manager 2 2026-10-12"],
            &["LC-HANDL 2026-10-15"],
            D,
            (&[], &["LC-HANDL"]),
        ),
        (
            "two open referrals, by level then code",
            ("LIFECARE", 3),
            &[],
            &["LC-SUPER 2026-10-15", "LC-DOK 2026-10-16"],
            D,
            (&[], &["LC-DOK", "LC-SUPER"]),
        ),
        (
            "a referral made on the day is open",
            ("LIFECARE", 3),
            &["LIFECARE manager 2 2026-10-12"],
            &["LC-HANDL 2026-11-20"],
            D,
            (&[], &["LC-HANDL"]),
        ),
        (
            "a referral made after the day is not open yet",
            ("LIFECARE", 3),
            &["LIFECARE manager 2 2026-10-12"],
            &["LC-HANDL 2026-11-21"],
            D,
            (&["LC-HANDL", "LC-SUPER"], &[]),
        ),
        (
            "a result after the referral closes it",
            ("LIFECARE", 4),
            &[
                "LIFECARE course LC-HANDL 3 2026-10-15 until 2028-10-15",
                "LIFECARE manager 2 2026-11-01",
            ],
            &["LC-HANDL 2026-10-01"],
            D,
            (&["LC-SUPER"], &[]),
        ),
        (
            "a result on the referral day closes it",
            ("LIFECARE", 4),
            &[
                "LIFECARE course LC-HANDL 3 2026-10-01 until 2028-10-01",
                "LIFECARE manager 2 2026-11-01",
            ],
            &["LC-HANDL 2026-10-01"],
            D,
            (&["LC-SUPER"], &[]),
        ),
        (
            "a result before the referral does not close it (renewal)",
            ("LIFECARE", 3),
            &[
                "LIFECARE course LC-HANDL 3 2023-04-18 until 2025-04-18",
                "LIFECARE manager 2 2026-10-12",
            ],
            &["LC-HANDL 2026-10-15"],
            D,
            (&[], &["LC-HANDL"]),
        ),
        (
            "a result after the day does not close it as of the day",
            ("LIFECARE", 3),
            &[
                "LIFECARE manager 2 2026-10-12",
                "LIFECARE course LC-HANDL 3 2026-11-25 until 2028-11-25",
            ],
            &["LC-HANDL 2026-10-01"],
            D,
            (&[], &["LC-HANDL"]),
        ),
        (
            "a result for another course does not close it",
            ("LIFECARE", 3),
            &["LIFECARE course LC-DOK 2 2026-11-01"],
            &["LC-HANDL 2026-10-01"],
            D,
            (&[], &["LC-HANDL"]),
        ),
        (
            "a cancelled referral is not open",
            ("LIFECARE", 3),
            &["LIFECARE manager 2 2026-10-12"],
            &["LC-HANDL 2026-10-15 cancelled 2026-11-01"],
            D,
            (&["LC-HANDL", "LC-SUPER"], &[]),
        ),
        (
            "a referral cancelled on the day is not open",
            ("LIFECARE", 3),
            &["LIFECARE manager 2 2026-10-12"],
            &["LC-HANDL 2026-10-15 cancelled 2026-11-20"],
            D,
            (&["LC-HANDL", "LC-SUPER"], &[]),
        ),
        (
            "a referral cancelled after the day is still open as of the day",
            ("LIFECARE", 3),
            &["LIFECARE manager 2 2026-10-12"],
            &["LC-HANDL 2026-10-15 cancelled 2026-11-25"],
            D,
            (&[], &["LC-HANDL"]),
        ),
        (
            "a referral to a course on another system does not count",
            ("LIFECARE", 3),
            &["LIFECARE manager 2 2026-10-12"],
            &["TEAMS-1 2026-10-15"],
            D,
            (&["LC-HANDL", "LC-SUPER"], &[]),
        ),
        (
            "a referral to a course at or below the current level is not shown",
            ("LIFECARE", 3),
            &["LIFECARE manager 2 2026-10-12"],
            &["LC-DOK 2026-10-15"],
            D,
            (&["LC-HANDL", "LC-SUPER"], &[]),
        ),
    ];
    for (name, system, evidence, referrals, day, expected) in cases {
        check(name, *system, evidence, referrals, day, *expected);
    }
}

// ---------------------------------------------------------------------------------------------
// Rule 7: expiring course results.

#[test]
fn rule7_expiring() {
    /// Expected: `COURSE SYSTEM COMPLETED EXPIRES` per result.
    fn check(name: &str, evidence: &[&str], day: &str, window_days: u32, expected: &[&str]) {
        let got: Vec<String> = rules::expiring(&evs(evidence), d(day), window_days)
            .iter()
            .map(
                |Expiring {
                     course,
                     system,
                     completed,
                     expires,
                 }| { format!("{course} {system} {completed} {expires}") },
            )
            .collect();
        assert_eq!(got, expected, "case {name:?}");
    }
    // D + 90 days = 2027-02-18.
    let cases: &[(&str, &[&str], &str, u32, &[&str])] = &[
        (
            "expires within the window",
            &["LIFECARE course LC-HANDL 3 2025-01-10 until 2027-01-10"],
            D,
            90,
            &["LC-HANDL LIFECARE 2025-01-10 2027-01-10"],
        ),
        (
            "expires exactly at the horizon: included",
            &["LIFECARE course LC-HANDL 3 2025-02-18 until 2027-02-18"],
            D,
            90,
            &["LC-HANDL LIFECARE 2025-02-18 2027-02-18"],
        ),
        (
            "expires the day after the horizon: not yet",
            &["LIFECARE course LC-HANDL 3 2025-02-19 until 2027-02-19"],
            D,
            90,
            &[],
        ),
        (
            "expires tomorrow: included",
            &["LIFECARE course LC-HANDL 3 2024-11-21 until 2026-11-21"],
            D,
            90,
            &["LC-HANDL LIFECARE 2024-11-21 2026-11-21"],
        ),
        (
            "expires on the day: already expired, excluded",
            &["LIFECARE course LC-HANDL 3 2024-11-20 until 2026-11-20"],
            D,
            90,
            &[],
        ),
        (
            "expired long ago: excluded (10031)",
            &["LIFECARE course LC-HANDL 3 2023-04-18 until 2025-04-18"],
            D,
            90,
            &[],
        ),
        (
            "never expires: excluded",
            &["LIFECARE course LC-DOK 2 2026-10-20"],
            D,
            90,
            &[],
        ),
        (
            "renewed: the latest result per course only",
            &[
                "LIFECARE course LC-HANDL 3 2025-01-10 until 2027-01-10",
                "LIFECARE course LC-HANDL 3 2026-11-01 until 2028-11-01",
            ],
            D,
            90,
            &[],
        ),
        (
            "renewed, other input order",
            &[
                "LIFECARE course LC-HANDL 3 2026-11-01 until 2028-11-01",
                "LIFECARE course LC-HANDL 3 2025-01-10 until 2027-01-10",
            ],
            D,
            90,
            &[],
        ),
        (
            "the latest result is the expiring one",
            &[
                "LIFECARE course LC-HANDL 3 2025-01-10 until 2027-01-10",
                "LIFECARE course LC-HANDL 3 2022-12-01 until 2024-12-01",
            ],
            D,
            90,
            &["LC-HANDL LIFECARE 2025-01-10 2027-01-10"],
        ),
        (
            "a renewal after the day is not known yet",
            &[
                "LIFECARE course LC-HANDL 3 2025-01-10 until 2027-01-10",
                "LIFECARE course LC-HANDL 3 2026-12-01 until 2028-12-01",
            ],
            D,
            90,
            &["LC-HANDL LIFECARE 2025-01-10 2027-01-10"],
        ),
        (
            "the window is configurable: 30 days",
            &["LIFECARE course LC-HANDL 3 2025-01-10 until 2027-01-10"],
            D,
            30,
            &[],
        ),
        (
            "the window is configurable: 51 days reaches 2027-01-10",
            &["LIFECARE course LC-HANDL 3 2025-01-10 until 2027-01-10"],
            D,
            51,
            &["LC-HANDL LIFECARE 2025-01-10 2027-01-10"],
        ),
        (
            "a window of 0 days: nothing",
            &["LIFECARE course LC-HANDL 3 2024-11-21 until 2026-11-21"],
            D,
            0,
            &[],
        ),
        (
            "several courses, sorted by code; assessments are not results",
            &[
                "O365 course SEC-1 2 2025-12-01 until 2026-12-01",
                "LIFECARE course LC-HANDL 3 2025-01-10 until 2027-01-10",
                "LIFECARE manager 3 2026-10-01",
                "LIFECARE self 3 2026-10-01",
            ],
            D,
            90,
            &[
                "LC-HANDL LIFECARE 2025-01-10 2027-01-10",
                "SEC-1 O365 2025-12-01 2026-12-01",
            ],
        ),
        (
            "as of an earlier day (10031's LC-HANDL before it expired)",
            &["LIFECARE course LC-HANDL 3 2023-04-18 until 2025-04-18"],
            "2025-03-01",
            90,
            &["LC-HANDL LIFECARE 2023-04-18 2025-04-18"],
        ),
    ];
    for (name, evidence, day, window, expected) in cases {
        check(name, evidence, day, *window, expected);
    }
}

// ---------------------------------------------------------------------------------------------
// Rule 8: as of a day.

#[test]
fn rule8_the_same_data_as_of_different_days() {
    // USK in SOC-HT until 2026-06-30, then SSK in SOC-SÄBO; evidence over 2026.
    let person = employee(&[
        "SOC-HT USK 2015-03-01..2026-06-30",
        "SOC-SÄBO SSK 2026-07-01..",
    ]);
    let evidence = evs(&[
        "LIFECARE self 1 2026-01-15",
        "LIFECARE manager 2 2026-04-01",
        "LIFECARE course LC-HANDL 3 2026-09-01 until 2028-09-01",
        "LIFECARE self 3 2026-10-01",
        "O365 self 2 2026-08-01",
    ]);
    let book = RuleBook::new(&catalog());
    let check = |day: &str, expected: &[&str]| {
        let got: Vec<String> = book
            .standings(&person, &evidence, &[], d(day))
            .iter()
            .map(render)
            .collect();
        assert_eq!(got, expected, "as of {day}");
    };
    let cases: &[(&str, &[&str])] = &[
        ("2015-02-28", &[]),
        (
            "2026-01-14",
            &[
                "LIFECARE target 2 confirmed - self - current - (none) gap 2 recommended LC-APP,LC-DOK,LC-HANDL,LC-SUPER",
                "TIMECARE target 1 confirmed - self - current - (none) gap 1 recommended TC-CHEF",
            ],
        ),
        (
            "2026-01-15",
            &[
                "LIFECARE target 2 confirmed - self 1 current 1 (self) gap 1 recommended LC-APP,LC-DOK,LC-HANDL,LC-SUPER",
                "TIMECARE target 1 confirmed - self - current - (none) gap 1 recommended TC-CHEF",
            ],
        ),
        (
            "2026-06-30",
            &[
                "LIFECARE target 2 confirmed 2 self 1 current 2 (confirmed) gap 0 discrepancy",
                "TIMECARE target 1 confirmed - self - current - (none) gap 1 recommended TC-CHEF",
            ],
        ),
        (
            "2026-07-01",
            &[
                "LIFECARE target 3 confirmed 2 self 1 current 2 (confirmed) gap 1 discrepancy recommended LC-HANDL,LC-SUPER",
                "O365 target 2 confirmed - self - current - (none) gap 2 recommended TEAMS-1",
            ],
        ),
        (
            "2026-11-20",
            &[
                "LIFECARE target 3 confirmed 3 self 3 current 3 (confirmed) gap 0",
                "O365 target 2 confirmed - self 2 current 2 (self) gap 0",
            ],
        ),
        (
            "2028-09-01",
            &[
                "LIFECARE target 3 confirmed 2 self 3 current 2 (confirmed) gap 1 discrepancy recommended LC-HANDL,LC-SUPER",
                "O365 target 2 confirmed - self 2 current 2 (self) gap 0",
            ],
        ),
    ];
    for (day, expected) in cases {
        check(day, expected);
    }
}

// ---------------------------------------------------------------------------------------------
// changes(): what moved between two days.

#[test]
fn changes_between_two_sets_of_standings() {
    /// A standing as `SYSTEM target T current C gap G` (0 = none); other fields vary freely.
    fn standing(spec: &str) -> Standing {
        let t: Vec<&str> = spec.split_whitespace().collect();
        let [
            system,
            "target",
            target,
            "current",
            current,
            "gap",
            gap,
            rest @ ..,
        ] = t.as_slice()
        else {
            panic!("bad standing fixture {spec:?}");
        };
        let n = |s: &str| s.parse::<u8>().unwrap_or_else(|e| panic!("{spec:?}: {e}"));
        let current = opt_level(n(current));
        Standing {
            system: system.to_string(),
            target: opt_level(n(target)),
            confirmed: current,
            self_level: rest.first().map(|s| level(s)),
            current,
            current_source: if current.is_some() {
                CurrentSource::Confirmed
            } else {
                CurrentSource::None
            },
            gap: n(gap),
            discrepancy: !rest.is_empty(),
            recommended_courses: vec![],
            no_course_for_group: false,
            referred_courses: vec![],
        }
    }
    /// Expected: `SYSTEM current B->A target B->A gap B->A`, 0 = none.
    fn check(name: &str, before: &[&str], after: &[&str], expected: &[&str]) {
        let before: Vec<Standing> = before.iter().map(|s| standing(s)).collect();
        let after: Vec<Standing> = after.iter().map(|s| standing(s)).collect();
        let n = |l: Option<Level>| l.map_or(0, Level::number);
        let got: Vec<String> = rules::changes(&before, &after)
            .iter()
            .map(|c| {
                format!(
                    "{} current {}->{} target {}->{} gap {}->{}",
                    c.system,
                    n(c.current_before),
                    n(c.current_after),
                    n(c.target_before),
                    n(c.target_after),
                    c.gap_before,
                    c.gap_after
                )
            })
            .collect();
        assert_eq!(got, expected, "case {name:?}");
    }
    let cases: &[(&str, &[&str], &[&str], &[&str])] = &[
        ("nothing before or after", &[], &[], &[]),
        (
            "identical: no change",
            &["LIFECARE target 2 current 1 gap 1"],
            &["LIFECARE target 2 current 1 gap 1"],
            &[],
        ),
        (
            "only the self level differs: no change",
            &["LIFECARE target 2 current 2 gap 0 1"],
            &["LIFECARE target 2 current 2 gap 0 3"],
            &[],
        ),
        (
            "current level raised, gap closed",
            &["LIFECARE target 2 current 1 gap 1"],
            &["LIFECARE target 2 current 2 gap 0"],
            &["LIFECARE current 1->2 target 2->2 gap 1->0"],
        ),
        (
            "target raised",
            &["LIFECARE target 2 current 2 gap 0"],
            &["LIFECARE target 3 current 2 gap 1"],
            &["LIFECARE current 2->2 target 2->3 gap 0->1"],
        ),
        (
            "a system new after",
            &[],
            &["TIMECARE target 1 current 0 gap 1"],
            &["TIMECARE current 0->0 target 0->1 gap 0->1"],
        ),
        (
            "a system gone after",
            &["O365 target 2 current 1 gap 1"],
            &[],
            &["O365 current 1->0 target 2->0 gap 1->0"],
        ),
        (
            "several, sorted by system, unchanged ones left out",
            &[
                "TIMECARE target 1 current 0 gap 1",
                "LIFECARE target 2 current 2 gap 0",
                "O365 target 1 current 1 gap 0",
            ],
            &[
                "O365 target 1 current 1 gap 0",
                "TIMECARE target 1 current 3 gap 0",
                "LIFECARE target 3 current 2 gap 1",
            ],
            &[
                "LIFECARE current 2->2 target 2->3 gap 0->1",
                "TIMECARE current 0->3 target 1->1 gap 1->0",
            ],
        ),
    ];
    for (name, before, after, expected) in cases {
        check(name, before, after, expected);
    }
}

// ---------------------------------------------------------------------------------------------
// Course::expiry, OrgTree, Level.

#[test]
fn course_expiry() {
    fn check(completed: &str, valid_months: Option<u32>, expected: Option<&str>) {
        let got = course("C", "LIFECARE", 3, valid_months).expiry(d(completed));
        assert_eq!(
            got,
            expected.map(d),
            "completed {completed}, valid {valid_months:?} months"
        );
    }
    let cases: &[(&str, Option<u32>, Option<&str>)] = &[
        ("2023-04-18", Some(24), Some("2025-04-18")),
        ("2024-01-31", Some(1), Some("2024-02-29")),
        ("2023-01-31", Some(1), Some("2023-02-28")),
        ("2024-02-29", Some(12), Some("2025-02-28")),
        ("2024-08-31", Some(6), Some("2025-02-28")),
        ("2025-12-15", Some(1), Some("2026-01-15")),
        ("2026-10-20", None, None),
        // validMonths="0" in an export: never expires.
        ("2026-10-20", Some(0), None),
    ];
    for (completed, valid_months, expected) in cases {
        check(completed, *valid_months, *expected);
    }
}

#[test]
fn org_tree_cycles() {
    fn check(name: &str, units: &[(&str, Option<&str>)], expected: &[&[&str]]) {
        let units: Vec<OrgUnit> = units.iter().map(|(id, p)| unit(id, *p)).collect();
        let got = OrgTree::new(&units).cycles();
        let expected: Vec<Vec<String>> = expected
            .iter()
            .map(|c| c.iter().map(|u| u.to_string()).collect())
            .collect();
        assert_eq!(got, expected, "case {name:?}");
    }
    let cases: &[(&str, &[(&str, Option<&str>)], &[&[&str]])] = &[
        ("no units", &[], &[]),
        (
            "a tree",
            &[
                ("SOC-HT", Some("SOC")),
                ("SOC", None),
                ("SOC-SÄBO", Some("SOC")),
            ],
            &[],
        ),
        (
            "a parent that is not in the list is not a cycle",
            &[("SOC-HT", Some("SOC"))],
            &[],
        ),
        (
            "a unit that is its own parent",
            &[("X", Some("X"))],
            &[&["X"]],
        ),
        (
            "two units, each the other's parent",
            &[("B", Some("A")), ("A", Some("B"))],
            &[&["A", "B"]],
        ),
        (
            "a cycle of three with a tail: only the cycle, sorted",
            &[
                ("C", Some("B")),
                ("B", Some("A")),
                ("A", Some("C")),
                ("D", Some("A")),
                ("E", Some("D")),
            ],
            &[&["A", "B", "C"]],
        ),
        (
            "two separate cycles beside a tree",
            &[
                ("X", Some("X")),
                ("A", Some("B")),
                ("B", Some("A")),
                ("SOC", None),
                ("SOC-HT", Some("SOC")),
            ],
            &[&["A", "B"], &["X"]],
        ),
    ];
    for (name, units, expected) in cases {
        check(name, units, expected);
    }
}

#[test]
fn org_tree_ancestors_and_subtrees() {
    let tree = OrgTree::new(&catalog().units);
    let ancestors =
        |u: &str| -> Vec<String> { tree.self_and_ancestors(u).map(str::to_string).collect() };
    assert_eq!(ancestors("SOC-SÄBO-A"), ["SOC-SÄBO-A", "SOC-SÄBO", "SOC"]);
    assert_eq!(ancestors("SOC"), ["SOC"]);
    assert_eq!(ancestors("NEW"), ["NEW"]);
    assert!(tree.contains("BUF-EHT"));
    assert!(!tree.contains("NEW"));
    assert!(tree.is_within("SOC-SÄBO-A", "SOC"));
    assert!(tree.is_within("SOC", "SOC"));
    assert!(!tree.is_within("SOC", "SOC-SÄBO"));
    assert!(!tree.is_within("SOC-HT", "SOC-SÄBO"));
    let subtree = |u: &str| -> Vec<String> { tree.subtree(u).into_iter().collect() };
    assert_eq!(subtree("SOC"), ["SOC", "SOC-HT", "SOC-SÄBO", "SOC-SÄBO-A"]);
    assert_eq!(subtree("SOC-SÄBO"), ["SOC-SÄBO", "SOC-SÄBO-A"]);
    assert_eq!(subtree("BUF-EHT"), ["BUF-EHT"]);
    assert_eq!(subtree("NEW"), Vec::<String>::new());

    // In a cycle the walk stops instead of looping for ever.
    let cyclic = OrgTree::new(&[
        unit("A", Some("B")),
        unit("B", Some("A")),
        unit("C", Some("A")),
    ]);
    assert!(cyclic.is_within("C", "B"));
    assert!(!cyclic.is_within("A", "Z"));
    let walked: BTreeSet<&str> = cyclic.self_and_ancestors("C").collect();
    assert_eq!(walked, BTreeSet::from(["A", "B", "C"]));
}

#[test]
fn level_parsing() {
    fn check(input: &str, expected: Result<u8, &str>) {
        let got = input.parse::<Level>().map(Level::number);
        assert_eq!(got, expected.map_err(str::to_string), "input {input:?}");
    }
    let cases: &[(&str, Result<u8, &str>)] = &[
        ("1", Ok(1)),
        ("2", Ok(2)),
        ("3", Ok(3)),
        ("4", Ok(4)),
        // Exactly the digit: a number parser's sign, zero or space is refused.
        (" 3 ", Err("level must be a number 1-4, got \" 3 \"")),
        (" 3", Err("level must be a number 1-4, got \" 3\"")),
        ("+3", Err("level must be a number 1-4, got \"+3\"")),
        ("03", Err("level must be a number 1-4, got \"03\"")),
        (
            "\u{ff13}",
            Err("level must be a number 1-4, got \"\u{ff13}\""),
        ),
        ("3\u{0}", Err("level must be a number 1-4, got \"3\\u{0}\"")),
        ("0", Err("level must be a number 1-4, got \"0\"")),
        ("5", Err("level must be a number 1-4, got \"5\"")),
        ("x", Err("level must be a number 1-4, got \"x\"")),
        ("", Err("level must be a number 1-4, got \"\"")),
        ("-1", Err("level must be a number 1-4, got \"-1\"")),
        ("2.5", Err("level must be a number 1-4, got \"2.5\"")),
        ("256", Err("level must be a number 1-4, got \"256\"")),
    ];
    for (input, expected) in cases {
        check(input, *expected);
    }
}

#[test]
fn level_numbers_labels_and_order() {
    let got: Vec<(Option<u8>, Option<&str>)> = (0..=5)
        .map(|n| {
            let l = Level::new(n);
            (l.map(Level::number), l.map(Level::label))
        })
        .collect();
    assert_eq!(
        got,
        [
            (None, None),
            (Some(1), Some("basic")),
            (Some(2), Some("independent")),
            (Some(3), Some("advanced")),
            (Some(4), Some("expert")),
            (None, None),
        ]
    );
    assert_eq!(
        Level::try_from(0u8),
        Err("level must be 1-4, got 0".to_string())
    );
    assert_eq!(Level::try_from(4u8), Ok(Level::Expert));
    assert_eq!(u8::from(Level::Advanced), 3);
    assert_eq!(Level::Independent.to_string(), "2");
    assert!(Level::Basic < Level::Independent && Level::Advanced < Level::Expert);
    assert_eq!(
        Level::ALL.map(Level::number),
        [1, 2, 3, 4],
        "ALL is lowest first"
    );
}

#[test]
fn system_level_descriptions() {
    let lifecare = System {
        code: "LIFECARE".into(),
        name: "Lifecare".into(),
        vendor: Some("Tieto".into()),
        level_descriptions: [
            Some("Loggar in och läser planering".into()),
            Some("Dokumenterar insatser och avvikelser".into()),
            None,
            Some("Superanvändare: konfigurerar och utbildar".into()),
        ],
    };
    let got: Vec<Option<&str>> = Level::ALL
        .iter()
        .map(|l| lifecare.description(*l))
        .collect();
    assert_eq!(
        got,
        [
            Some("Loggar in och läser planering"),
            Some("Dokumenterar insatser och avvikelser"),
            None,
            Some("Superanvändare: konfigurerar och utbildar"),
        ]
    );
}

#[test]
fn recommend_fallback_tie_picks_the_first_code_like_the_sufficient_list() {
    // Two courses share the highest level and neither reaches the target: the first by code,
    // the same order the list of sufficient courses uses.
    let courses = [
        course("Z-ADV", "PMO", 2, None),
        course("A-ADV", "PMO", 2, None),
        course("B-BAS", "PMO", 1, None),
    ];
    let got =
        skillreg_core::rules::recommend(&courses, None, Some(level("4")), &[], d("2026-11-20"));
    assert_eq!(got, ["A-ADV"]);
    let sufficient =
        skillreg_core::rules::recommend(&courses, None, Some(level("2")), &[], d("2026-11-20"));
    assert_eq!(sufficient, ["A-ADV", "Z-ADV"]);
}

#[test]
fn org_tree_cycles_on_a_deep_chain_walks_each_unit_once() {
    // A 20,000-deep chain took minutes when every unit walked to the root; now it is linear.
    let mut units: Vec<OrgUnit> = (0..20_000)
        .map(|i| {
            unit(
                &format!("U{i}"),
                (i > 0).then(|| format!("U{}", i - 1)).as_deref(),
            )
        })
        .collect();
    assert_eq!(OrgTree::new(&units).cycles(), Vec::<Vec<String>>::new());
    units[0].parent = Some("U19999".into());
    let cycles = OrgTree::new(&units).cycles();
    assert_eq!(cycles.len(), 1);
    assert_eq!(cycles[0].len(), 20_000);
}
