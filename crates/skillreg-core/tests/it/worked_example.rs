//! docs/src/rules.md#worked-example, figure for figure, over the shared sample export
//! (`shared/fixtures/winlas/sample-export.xml`) written out by hand as plain core values: the core
//! parses no XML.

use crate::common::render;

use skillreg_core::rules;
use skillreg_core::{
    Catalog, Course, Employee, Employment, Evidence, EvidenceKind, Level, Occupation, OrgUnit,
    Requirement, RuleBook, System,
};
use skillreg_testkit::d;

fn lvl(n: u8) -> Level {
    Level::new(n).unwrap_or_else(|| panic!("bad level {n} in a fixture"))
}

fn catalog() -> Catalog {
    let unit = |id: &str, name: &str, parent: Option<&str>| OrgUnit {
        id: id.into(),
        name: name.into(),
        parent: parent.map(str::to_string),
    };
    let occupation = |code: &str, name: &str| Occupation {
        code: code.into(),
        name: name.into(),
    };
    let system = |code: &str, name: &str, vendor: &str, levels: [Option<&str>; 4]| System {
        code: code.into(),
        name: name.into(),
        vendor: Some(vendor.into()),
        level_descriptions: levels.map(|l| l.map(str::to_string)),
    };
    let requirement = |occupation: &str, system: &str, level: u8, unit: Option<&str>| Requirement {
        occupation: occupation.into(),
        system: system.into(),
        level: lvl(level),
        unit: unit.map(str::to_string),
    };
    // validMonths="0" in the export: the result never expires.
    let course = |code: &str, name: &str, system: &str, grants: u8, months: u32| Course {
        code: code.into(),
        name: name.into(),
        system: system.into(),
        grants: lvl(grants),
        valid_months: (months > 0).then_some(months),
        audience: Vec::new(),
    };
    Catalog {
        units: vec![
            unit("SOC-HT", "Hemtjänst Centrum", Some("SOC")),
            unit("SOC", "Socialförvaltningen", None),
            unit("SOC-SÄBO", "Särskilt boende Solgården", Some("SOC")),
            unit("BUF", "Barn- och utbildningsförvaltningen", None),
            unit("BUF-EHT", "Elevhälsan", Some("BUF")),
        ],
        occupations: vec![
            occupation("USK", "Undersköterska"),
            occupation("SSK", "Sjuksköterska"),
            occupation("ECH", "Enhetschef"),
            occupation("SKSK", "Skolsköterska"),
        ],
        systems: vec![
            system(
                "LIFECARE",
                "Lifecare",
                "Tieto",
                [
                    Some("Loggar in och läser planering"),
                    Some("Dokumenterar insatser och avvikelser"),
                    Some("Handleder kollegor i dokumentationen"),
                    Some("Superanvändare: konfigurerar och utbildar"),
                ],
            ),
            system("TIMECARE", "Timecare Planering", "Visma", [None; 4]),
            system(
                "O365",
                "Microsoft 365",
                "Microsoft",
                [
                    Some("E-post och kalender"),
                    Some("Teams-möten och delade filer"),
                    Some("Samarbetar i Teams-kanaler och SharePoint"),
                    Some("Administrerar team och behörigheter"),
                ],
            ),
            system("PMO", "PMO Elevhälsojournal", "Tieto", [None; 4]),
        ],
        requirements: vec![
            requirement("USK", "LIFECARE", 2, None),
            requirement("USK", "TIMECARE", 1, None),
            requirement("USK", "O365", 1, None),
            requirement("SSK", "LIFECARE", 3, None),
            requirement("SSK", "O365", 2, None),
            requirement("ECH", "TIMECARE", 3, None),
            requirement("ECH", "O365", 3, None),
            requirement("ECH", "LIFECARE", 2, None),
            requirement("SKSK", "PMO", 3, None),
            requirement("SKSK", "O365", 2, None),
            requirement("USK", "LIFECARE", 3, Some("SOC-SÄBO")),
        ],
        courses: vec![
            course("LC-GRUND", "Lifecare grundkurs", "LIFECARE", 1, 0),
            course("LC-DOK", "Dokumentation i Lifecare", "LIFECARE", 2, 0),
            course("LC-HANDL", "Handledare i Lifecare", "LIFECARE", 3, 24),
            course("TEAMS-1", "Teams för alla", "O365", 2, 0),
            course("TC-CHEF", "Timecare för chefer", "TIMECARE", 3, 0),
        ],
        groups: Vec::new(),
    }
}

/// One person of the export: the employee and their evidence.
struct Person {
    employee: Employee,
    evidence: Vec<Evidence>,
}

fn people(catalog: &Catalog) -> Vec<Person> {
    #[allow(clippy::too_many_arguments)]
    fn employment(
        unit: &str,
        occupation: &str,
        primary: bool,
        percent: u8,
        start: &str,
        end: Option<&str>,
        manager: Option<&str>,
    ) -> Employment {
        Employment {
            unit: unit.into(),
            occupation: occupation.into(),
            percent: Some(percent),
            start: d(start),
            end: end.map(d),
            manager: manager.map(str::to_string),
            primary,
        }
    }
    let self_ = |system: &str, level: u8, date: &str| Evidence {
        system: system.into(),
        level: lvl(level),
        date: d(date),
        kind: EvidenceKind::SelfAssessment,
    };
    let manager = |system: &str, level: u8, date: &str, assessor: Option<&str>| Evidence {
        system: system.into(),
        level: lvl(level),
        date: d(date),
        kind: EvidenceKind::ManagerAssessment {
            assessor: assessor.map(str::to_string),
        },
    };
    // A <CourseResult>: system, level and expiry come from the course.
    let result = |code: &str, completed: &str| {
        let c = catalog
            .course(code)
            .unwrap_or_else(|| panic!("course {code} is in the catalog"));
        Evidence {
            system: c.system.clone(),
            level: c.grants,
            date: d(completed),
            kind: EvidenceKind::CourseResult {
                course: Some(code.into()),
                expires: c.expiry(d(completed)),
            },
        }
    };
    let person = |no: &str,
                  given: &str,
                  family: &str,
                  email: Option<&str>,
                  employments: Vec<Employment>,
                  evidence: Vec<Evidence>| Person {
        employee: Employee {
            employee_no: no.into(),
            given_name: given.into(),
            family_name: family.into(),
            email: email.map(str::to_string),
            employments,
        },
        evidence,
    };
    vec![
        person(
            "10001",
            "Karin",
            "Åberg",
            Some("karin.aberg@example.se"),
            vec![employment(
                "SOC-HT",
                "ECH",
                true,
                100,
                "2012-01-01",
                None,
                None,
            )],
            vec![
                manager("TIMECARE", 3, "2025-05-10", Some("10000")),
                self_("O365", 2, "2026-09-01"),
                self_("LIFECARE", 2, "2026-09-01"),
            ],
        ),
        person(
            "10023",
            "Anna",
            "Lindqvist",
            Some("anna.lindqvist@example.se"),
            vec![employment(
                "SOC-HT",
                "USK",
                true,
                75,
                "2015-03-01",
                None,
                Some("10001"),
            )],
            vec![
                self_("LIFECARE", 2, "2026-09-14"),
                manager("LIFECARE", 3, "2026-10-01", Some("10001")),
                self_("O365", 1, "2026-09-14"),
                result("LC-DOK", "2026-10-20"),
            ],
        ),
        person(
            "10024",
            "Mohammed",
            "Al-Sayed",
            None,
            vec![employment(
                "SOC-HT",
                "USK",
                true,
                100,
                "2021-08-15",
                None,
                Some("10001"),
            )],
            vec![
                self_("LIFECARE", 1, "2026-09-15"),
                self_("TIMECARE", 2, "2026-09-15"),
            ],
        ),
        person(
            "10025",
            "Sofia",
            "Öhman & Berg",
            Some("sofia.ohman@example.se"),
            vec![
                employment(
                    "SOC-SÄBO",
                    "USK",
                    true,
                    50,
                    "2019-02-01",
                    None,
                    Some("10030"),
                ),
                employment(
                    "SOC-HT",
                    "USK",
                    false,
                    25,
                    "2023-01-01",
                    None,
                    Some("10001"),
                ),
            ],
            vec![
                manager("LIFECARE", 2, "2026-03-02", Some("10030")),
                self_("O365", 2, "2026-09-20"),
                result("TEAMS-1", "2026-05-11"),
            ],
        ),
        person(
            "10030",
            "Per",
            "Ström",
            None,
            vec![employment(
                "SOC-SÄBO",
                "ECH",
                true,
                100,
                "2010-09-01",
                None,
                None,
            )],
            vec![self_("TIMECARE", 4, "2026-08-30")],
        ),
        person(
            "10031",
            "Linnéa",
            "Karlsson",
            None,
            vec![employment(
                "SOC-SÄBO",
                "SSK",
                true,
                100,
                "2018-06-01",
                None,
                Some("10030"),
            )],
            vec![
                self_("LIFECARE", 3, "2026-09-02"),
                manager("LIFECARE", 2, "2026-10-12", Some("10030")),
                result("LC-HANDL", "2023-04-18"),
            ],
        ),
        person(
            "10040",
            "Jonas",
            "Berg",
            None,
            vec![employment(
                "BUF-EHT",
                "SKSK",
                true,
                80,
                "2020-08-10",
                None,
                None,
            )],
            vec![
                manager("PMO", 3, "2026-02-01", None),
                self_("O365", 3, "2026-09-05"),
            ],
        ),
        person(
            "10041",
            "Elin",
            "Nilsson",
            None,
            vec![employment(
                "BUF-EHT",
                "SKSK",
                true,
                100,
                "2016-01-04",
                Some("2026-06-30"),
                None,
            )],
            vec![manager("PMO", 4, "2025-11-11", None)],
        ),
    ]
}

#[test]
fn worked_example_standings() {
    /// Expected: whether active on the day, then every standing.
    fn check(employee_no: &str, day: &str, expected_active: bool, expected: &[&str]) {
        let catalog = catalog();
        let people = people(&catalog);
        let p = people
            .iter()
            .find(|p| p.employee.employee_no == employee_no)
            .unwrap_or_else(|| panic!("{employee_no} is in the export"));
        let day = d(day);
        let got: Vec<String> = RuleBook::new(&catalog)
            .standings(&p.employee, &p.evidence, &[], day)
            .iter()
            .map(render)
            .collect();
        assert_eq!(
            (p.employee.is_active(day), got),
            (
                expected_active,
                expected.iter().map(|s| s.to_string()).collect()
            ),
            "{employee_no} as of {day}"
        );
    }
    let cases: &[(&str, &str, bool, &[&str])] = &[
        (
            "10023",
            "2026-11-20",
            true,
            &[
                // manager 3 (2026-10-01), LC-DOK grants 2 (2026-10-20) -> 3; self 2; target 2.
                "LIFECARE target 2 confirmed 3 self 2 current 3 (confirmed) gap 0 discrepancy",
                // self 1 only, target 1: no gap, self-assessed only.
                "O365 target 1 confirmed - self 1 current 1 (self) gap 0",
                // not assessed, target 1: gap 1; no TIMECARE course below level 3, so TC-CHEF.
                "TIMECARE target 1 confirmed - self - current - (none) gap 1 recommended TC-CHEF",
            ],
        ),
        (
            "10031",
            "2026-11-20",
            true,
            &[
                // LC-HANDL (3, 24 months) from 2023-04-18 has expired; manager 2 (2026-10-12).
                "LIFECARE target 3 confirmed 2 self 3 current 2 (confirmed) gap 1 discrepancy recommended LC-HANDL",
                "O365 target 2 confirmed - self - current - (none) gap 2 recommended TEAMS-1",
            ],
        ),
        (
            "10031",
            "2025-04-17",
            true,
            &[
                // The last day LC-HANDL was valid.
                "LIFECARE target 3 confirmed 3 self - current 3 (confirmed) gap 0",
                "O365 target 2 confirmed - self - current - (none) gap 2 recommended TEAMS-1",
            ],
        ),
        (
            "10031",
            "2025-04-18",
            true,
            &[
                "LIFECARE target 3 confirmed - self - current - (none) gap 3 recommended LC-HANDL",
                "O365 target 2 confirmed - self - current - (none) gap 2 recommended TEAMS-1",
            ],
        ),
        (
            "10025",
            "2026-11-20",
            true,
            &[
                // The SOC-SÄBO unit requirement (3) beats her SOC-HT employment's 2.
                "LIFECARE target 3 confirmed 2 self - current 2 (confirmed) gap 1 recommended LC-HANDL",
                "O365 target 1 confirmed 2 self 2 current 2 (confirmed) gap 0",
                "TIMECARE target 1 confirmed - self - current - (none) gap 1 recommended TC-CHEF",
            ],
        ),
        (
            "10041",
            "2026-11-20",
            false,
            &["PMO target - confirmed 4 self - current 4 (confirmed) gap 0"],
        ),
        (
            "10041",
            "2026-06-01",
            true,
            &[
                "O365 target 2 confirmed - self - current - (none) gap 2 recommended TEAMS-1",
                "PMO target 3 confirmed 4 self - current 4 (confirmed) gap 0",
            ],
        ),
    ];
    for (employee_no, day, active, expected) in cases {
        check(employee_no, day, *active, expected);
    }
}

#[test]
fn worked_example_10025_second_employment_alone_needs_2() {
    let catalog = catalog();
    let people = people(&catalog);
    let mut sofia = people
        .into_iter()
        .find(|p| p.employee.employee_no == "10025")
        .map(|p| p.employee)
        .unwrap_or_else(|| panic!("10025 is in the export"));
    let book = RuleBook::new(&catalog);
    let day = d("2026-11-20");
    let lifecare = |e: &Employee| book.targets(e, day).get("LIFECARE").map(|l| l.number());
    assert_eq!(lifecare(&sofia), Some(3));
    sofia.employments.retain(|e| e.unit == "SOC-HT");
    assert_eq!(lifecare(&sofia), Some(2));
}

#[test]
fn worked_example_gap_reports() {
    /// The gap report of a day: every person active on it, every system with a gap.
    fn check(day: &str, expected: &[&str]) {
        let catalog = catalog();
        let book = RuleBook::new(&catalog);
        let day = d(day);
        let got: Vec<String> = people(&catalog)
            .iter()
            .filter(|p| p.employee.is_active(day))
            .flat_map(|p| {
                book.standings(&p.employee, &p.evidence, &[], day)
                    .into_iter()
                    .filter(|s| s.gap > 0)
                    .map(|s| {
                        format!(
                            "{} {} gap {} [{}]",
                            p.employee.employee_no,
                            s.system,
                            s.gap,
                            s.recommended_courses.join(",")
                        )
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        assert_eq!(got, expected, "gap report as of {day}");
    }
    let cases: &[(&str, &[&str])] = &[
        (
            // 10041 is not in it.
            "2026-11-20",
            &[
                "10001 O365 gap 1 []",
                "10023 TIMECARE gap 1 [TC-CHEF]",
                "10024 LIFECARE gap 1 [LC-DOK,LC-HANDL]",
                "10024 O365 gap 1 [TEAMS-1]",
                "10025 LIFECARE gap 1 [LC-HANDL]",
                "10025 TIMECARE gap 1 [TC-CHEF]",
                "10030 LIFECARE gap 2 [LC-DOK,LC-HANDL]",
                "10030 O365 gap 3 [TEAMS-1]",
                "10031 LIFECARE gap 1 [LC-HANDL]",
                "10031 O365 gap 2 [TEAMS-1]",
            ],
        ),
        (
            // The baseline, as of 2026-06-01: 10041 is in it.
            "2026-06-01",
            &[
                "10001 LIFECARE gap 2 [LC-DOK,LC-HANDL]",
                "10001 O365 gap 3 [TEAMS-1]",
                "10023 LIFECARE gap 2 [LC-DOK,LC-HANDL]",
                "10023 O365 gap 1 [TEAMS-1]",
                "10023 TIMECARE gap 1 [TC-CHEF]",
                "10024 LIFECARE gap 2 [LC-DOK,LC-HANDL]",
                "10024 O365 gap 1 [TEAMS-1]",
                "10024 TIMECARE gap 1 [TC-CHEF]",
                "10025 LIFECARE gap 1 [LC-HANDL]",
                "10025 TIMECARE gap 1 [TC-CHEF]",
                "10030 LIFECARE gap 2 [LC-DOK,LC-HANDL]",
                "10030 O365 gap 3 [TEAMS-1]",
                "10030 TIMECARE gap 3 [TC-CHEF]",
                "10031 LIFECARE gap 3 [LC-HANDL]",
                "10031 O365 gap 2 [TEAMS-1]",
                "10040 O365 gap 2 [TEAMS-1]",
                "10041 O365 gap 2 [TEAMS-1]",
            ],
        ),
    ];
    for (day, expected) in cases {
        check(day, expected);
    }
}

#[test]
fn worked_example_expiring() {
    /// Expected: `EMPLOYEE COURSE EXPIRES` for every result expiring within 90 days.
    fn check(day: &str, expected: &[&str]) {
        let catalog = catalog();
        let got: Vec<String> = people(&catalog)
            .iter()
            .flat_map(|p| {
                rules::expiring(&p.evidence, d(day), 90)
                    .into_iter()
                    .map(|e| format!("{} {} {}", p.employee.employee_no, e.course, e.expires))
                    .collect::<Vec<_>>()
            })
            .collect();
        assert_eq!(got, expected, "expiring as of {day}");
    }
    let cases: &[(&str, &[&str])] = &[
        ("2026-11-20", &[]),
        ("2025-03-01", &["10031 LC-HANDL 2025-04-18"]),
        ("2025-01-17", &[]),
        ("2025-01-18", &["10031 LC-HANDL 2025-04-18"]),
    ];
    for (day, expected) in cases {
        check(day, expected);
    }
}
