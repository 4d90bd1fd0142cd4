//! Identifiers and text cannot be forged or smuggled: each case is a person record with one
//! value changed, and the exact problems the sync engine's person check finds in it (whichever
//! adapter read the record).

use skillreg_core::sync::{Known, SourceRole, check_person};
use skillreg_core::{
    Catalog, Course, EvidenceRecord, FieldNames, Level, Occupation, OrgUnit, PersonRecord, System,
};
use skillreg_testkit::d;
use skillreg_testkit::fixture::person;

/// Unit SOC-SÄBO, occupation USK, system LIFECARE and its course LC-DOK.
fn catalog() -> Catalog {
    Catalog {
        units: vec![OrgUnit {
            id: "SOC-SÄBO".into(),
            name: "Särskilt boende".into(),
            parent: None,
        }],
        occupations: vec![Occupation {
            code: "USK".into(),
            name: "Undersköterska".into(),
        }],
        systems: vec![System {
            code: "LIFECARE".into(),
            name: "Lifecare".into(),
            vendor: None,
            level_descriptions: Default::default(),
        }],
        courses: vec![Course {
            code: "LC-DOK".into(),
            name: "Dokumentation".into(),
            system: "LIFECARE".into(),
            grants: Level::Basic,
            valid_months: None,
            audience: Vec::new(),
        }],
        ..Catalog::default()
    }
}

/// 10024 Mohammed Al-Sayed on line 10 of `hr.xml`: one employment (line 11) and two evidence
/// records (lines 12 and 13), all valid.
fn mohammed() -> PersonRecord {
    let mut record = person(
        "hr.xml",
        "10024",
        "Mohammed Al-Sayed",
        10,
        &["SOC-SÄBO USK 2021-08-15.. manager 10001"],
        &[
            "competence LIFECARE 2 manager 2026-10-01 assessor 10001",
            "result LC-DOK 2026-10-20",
        ],
    );
    record.email = Some("mohammed.al-sayed@example.se".into());
    record
}

/// The problems of `record` for a source that owns people, exported on 2026-11-20, whose
/// employee number is spelt `employeeNo` and manager `managerEmployeeNo`.
fn check(record: &PersonRecord) -> Vec<String> {
    let catalog = catalog();
    let names = FieldNames::default()
        .with(skillreg_core::Field::EmployeeNo, "employeeNo")
        .with(skillreg_core::Field::Manager, "managerEmployeeNo");
    let mut known = Known::new(&catalog, names, SourceRole::People).with_as_of(d("2026-11-20"));
    known.register(
        "10001",
        skillreg_core::sync::IndexEntry {
            digest: None,
            active: true,
            planned: false,
        },
    );
    check_person(record, &known)
        .iter()
        .map(ToString::to_string)
        .collect()
}

/// A change made to the valid record for one case.
type Change = fn(&mut PersonRecord);

fn with(change: impl FnOnce(&mut PersonRecord)) -> PersonRecord {
    let mut record = mohammed();
    change(&mut record);
    record
}

const NOT_SHOWN: &str = "looks like a national identity number (personnummer, samordningsnummer, \
                         fødselsnummer or D-nummer); the value is not shown and the registry \
                         never stores one: use the employee number";

#[test]
fn the_valid_record_has_no_problem() {
    assert_eq!(check(&mohammed()), Vec::<String>::new());
}

/// `100<NUL>24` and its kin would be a second person beside 10024 (and the real one terminated
/// as absent): every one is refused, naming the field as the source does and showing the value
/// escaped.
#[test]
fn an_employee_number_with_a_nul_zero_width_space_full_width_digits_or_escapes_is_refused() {
    let person_at = "hr.xml: line 10: <Person>";
    for (value, expected) in [
        (
            "100\u{0}24",
            "employeeNo contains the control character U+0000: remove it (value \"100\\u{0}24\")",
        ),
        (
            "100\u{200b}24",
            "employeeNo contains the invisible or direction-changing character U+200B: remove it \
             (value \"100\\u{200b}24\")",
        ),
        (
            "１００２４",
            "employeeNo contains U+FF11: an employee number is written with the characters ! to \
             ~ (digits, letters A-Z, punctuation) only (value \"１００２４\")",
        ),
        (
            "\u{1b}[2J10024",
            "employeeNo contains the control character U+001B: remove it (value \
             \"\\u{1b}[2J10024\")",
        ),
        (
            "10024\u{202e}",
            "employeeNo contains the invisible or direction-changing character U+202E: remove it \
             (value \"10024\\u{202e}\")",
        ),
        (
            " 10024",
            "employeeNo has space before or after it: remove it (value \" 10024\")",
        ),
        (
            "100 24",
            "employeeNo contains a space: an employee number is written with the characters ! to \
             ~ (digits, letters A-Z, punctuation) only (value \"100 24\")",
        ),
        ("", "employeeNo is empty (value \"\")"),
    ] {
        let record = with(|r| r.employee_no = value.into());
        assert_eq!(
            check(&record),
            [format!("{person_at}: {expected}")],
            "{value:?}"
        );
    }
}

#[test]
fn names_with_control_characters_are_refused() {
    for (given, family, expected) in [
        (
            "Mohammed\u{1b}]0;x\u{7}",
            "Al-Sayed",
            "the given name contains the control character U+001B: remove it (value \
             \"Mohammed\\u{1b}]0;x\\u{7}\")",
        ),
        (
            "Mohammed",
            "Al-Sayed\u{0}",
            "the family name contains the control character U+0000: remove it (value \
             \"Al-Sayed\\u{0}\")",
        ),
        (
            "Mohammed",
            "\u{202e}deyaS-lA",
            "the family name contains the invisible or direction-changing character U+202E: \
             remove it (value \"\\u{202e}deyaS-lA\")",
        ),
        (
            "Mohammed\nAli",
            "Al-Sayed",
            "the given name contains the control character U+000A: remove it (value \
             \"Mohammed\\u{a}Ali\")",
        ),
    ] {
        let record = with(|r| {
            r.given_name = given.into();
            r.family_name = family.into();
        });
        assert_eq!(
            check(&record),
            [format!("hr.xml: line 10: <Person>: {expected}")],
            "{given:?} {family:?}"
        );
    }
}

/// The bypasses of the first identity-number guard: another dash, a dot, full-width digits, an
/// invisible character inside, the number inside a longer value. None is echoed.
#[test]
fn the_identity_number_guard_is_not_bypassed_by_dashes_dots_digit_forms_or_longer_values() {
    let cases: [(&str, Change); 9] = [
        ("en dash", |r| r.employee_no = "19121212\u{2013}1212".into()),
        ("dot", |r| r.employee_no = "19121212.1212".into()),
        ("full-width", |r| {
            r.employee_no = "１９１２１２１２-１２１２".into()
        }),
        ("zero-width space", |r| {
            r.employee_no = "1912\u{200b}1212-1212".into()
        }),
        ("in a name", |r| {
            r.family_name = "Al-Sayed 19121212-1212".into()
        }),
        ("in an email", |r| {
            r.email = Some("x.19121212-1212@example.se".into())
        }),
        ("in the manager", |r| {
            r.employments[0].manager = Some("mgr 121212-1212".into())
        }),
        ("in the assessor", |r| {
            if let EvidenceRecord::Competence { assessor, .. } = &mut r.evidence[0] {
                *assessor = Some("19121212–1212".into());
            }
        }),
        ("in a unit", |r| {
            r.employments[0].unit = "SOC 191212121212".into()
        }),
    ];
    let expected_field = [
        ("hr.xml: line 10: <Person>", "the employee number"),
        ("hr.xml: line 10: <Person>", "the employee number"),
        ("hr.xml: line 10: <Person>", "the employee number"),
        ("hr.xml: line 10: <Person>", "the employee number"),
        ("hr.xml: line 10: <Person>", "the family name"),
        ("hr.xml: line 10: <Person>", "the email address"),
        (
            "hr.xml: line 11: <Employment>",
            "the manager's employee number",
        ),
        ("hr.xml: line 12: <Competence>", "the assessor"),
        ("hr.xml: line 11: <Employment>", "the unit"),
    ];
    for ((case, change), (at, field)) in cases.into_iter().zip(expected_field) {
        let problems = check(&with(change));
        assert_eq!(problems, [format!("{at}: {field} {NOT_SHOWN}")], "{case}");
        for trace in ["1212", "１２"] {
            assert!(!problems[0].contains(trace), "{case}: echoed");
        }
    }
}

/// A mapping that maps the salary column (or a name) to `email` is refused by its values.
#[test]
fn an_email_is_checked_for_shape() {
    for (value, expected) in [
        (
            "32000",
            "the email address is not an email address: one @ with text on both sides, and no spaces (value \"32000\")",
        ),
        (
            "Karin",
            "the email address is not an email address: one @ with text on both sides, and no spaces (value \"Karin\")",
        ),
        (
            "a@b@example.se",
            "the email address is not an email address: one @ with text on both sides, and no spaces (value \"a@b@example.se\")",
        ),
        (
            "mohammed al-sayed@example.se",
            "the email address is not an email address: one @ with text on both sides, and no spaces (value \"mohammed al-sayed@example.se\")",
        ),
        (
            "m\u{0}@example.se",
            "the email address contains the control character U+0000: remove it (value \"m\\u{0}@example.se\")",
        ),
    ] {
        let record = with(|r| r.email = Some(value.into()));
        assert_eq!(
            check(&record),
            [format!("hr.xml: line 10: <Person>: {expected}")],
            "{value:?}"
        );
    }
}

/// Codes and references in employments and evidence are codes: a control, invisible or
/// compatibility character makes another code that looks the same.
#[test]
fn codes_and_references_with_hidden_characters_are_refused() {
    let cases: [(&str, Change, &str); 6] = [
        (
            "unit decomposed",
            |r| r.employments[0].unit = "SOC-SA\u{308}BO".into(),
            "hr.xml: line 11: <Employment>: the unit is not in Unicode normal form NFKC (a \
             decomposed accent, or full-width or other compatibility characters): write it in \
             plain characters (value \"SOC-SA\u{308}BO\")",
        ),
        (
            "occupation full-width",
            |r| r.employments[0].occupation = "ＵＳＫ".into(),
            "hr.xml: line 11: <Employment>: the occupation is not in Unicode normal form NFKC (a \
             decomposed accent, or full-width or other compatibility characters): write it in \
             plain characters (value \"ＵＳＫ\")",
        ),
        (
            "manager with NUL",
            |r| r.employments[0].manager = Some("100\u{0}01".into()),
            "hr.xml: line 11: <Employment>: managerEmployeeNo contains the control character \
             U+0000: remove it (value \"100\\u{0}01\")",
        ),
        (
            "system with zero-width joiner",
            |r| {
                if let EvidenceRecord::Competence { system, .. } = &mut r.evidence[0] {
                    *system = "LIFE\u{200d}CARE".into();
                }
            },
            "hr.xml: line 12: <Competence>: the system contains the invisible or \
             direction-changing character U+200D: remove it (value \"LIFE\\u{200d}CARE\")",
        ),
        (
            "course with a trailing space",
            |r| {
                if let EvidenceRecord::CourseResult { course, .. } = &mut r.evidence[1] {
                    *course = "LC-DOK ".into();
                }
            },
            "hr.xml: line 13: <CourseResult>: the course has space before or after it: remove \
             it (value \"LC-DOK \")",
        ),
        (
            "assessor with escape",
            |r| {
                if let EvidenceRecord::Competence { assessor, .. } = &mut r.evidence[0] {
                    *assessor = Some("10001\u{1b}[8m".into());
                }
            },
            "hr.xml: line 12: <Competence>: the assessor contains the control character U+001B: \
             remove it (value \"10001\\u{1b}[8m\")",
        ),
    ];
    for (case, change, expected) in cases {
        assert_eq!(check(&with(change)), [expected], "{case}");
    }
}

/// Evidence dated before 1900 or after the export day is refused, with where it is.
#[test]
fn evidence_dates_outside_a_sane_range_are_refused_with_their_location() {
    for (date, expected) in [
        (
            "1899-12-31",
            "hr.xml: line 12: <Competence>: the date is before 1900: correct it (value \
             \"1899-12-31\")",
        ),
        (
            "0001-01-01",
            "hr.xml: line 12: <Competence>: the date is before 1900: correct it (value \
             \"0001-01-01\")",
        ),
        (
            "2026-11-21",
            "hr.xml: line 12: <Competence>: the date is after the day of the export \
             (2026-11-20): evidence cannot be from the future; correct it (value \"2026-11-21\")",
        ),
    ] {
        let record = with(|r| {
            if let EvidenceRecord::Competence { date: day, .. } = &mut r.evidence[0] {
                *day = d(date);
            }
        });
        assert_eq!(check(&record), [expected], "{date}");
    }
    let late_result = with(|r| {
        if let EvidenceRecord::CourseResult { completed, .. } = &mut r.evidence[1] {
            *completed = d("2099-01-01");
        }
    });
    assert_eq!(
        check(&late_result),
        [
            "hr.xml: line 13: <CourseResult>: the date is after the day of the export (2026-11-20): \
          evidence cannot be from the future; correct it (value \"2099-01-01\")"
        ]
    );
    // The export day itself and 1900-01-01 are fine.
    for date in ["2026-11-20", "1900-01-01"] {
        let record = with(|r| {
            if let EvidenceRecord::Competence { date: day, .. } = &mut r.evidence[0] {
                *day = d(date);
            }
        });
        assert_eq!(check(&record), Vec::<String>::new(), "{date}");
    }
}
