//! Bad input: every problem names the file, line, column, element and value, and reading goes
//! on where it can.

use skillreg_core::Snapshot;
use skillreg_wlx::{WlxError, WlxReader};

use crate::{fixture, read, read_fixture};

/// Reads `name` and checks the people read and the problems reported, in order.
fn check(name: &str, people: &[&str], problems: &[&str]) {
    let result = read_fixture(name).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(result.employee_nos(), people, "{name}: people");
    assert_eq!(result.problems, problems, "{name}: problems");
}

/// Checks that `name` cannot be read at all.
fn check_refused(name: &str, expected: &str) {
    let err = read_fixture(name)
        .err()
        .unwrap_or_else(|| panic!("{name} was read"));
    assert_eq!(err.to_string(), expected, "{name}");
    assert_eq!(err.problems().len(), 1);
}

#[test]
fn level_out_of_range() {
    check(
        "bad-level.xml",
        &["10024"],
        &[r#"bad-level.xml: line 17, column 7: <Competence>: level must be 1-4 (value "7")"#],
    );
}

#[test]
fn date_that_does_not_parse() {
    check(
        "bad-date.xml",
        &["10024"],
        &[
            r#"bad-date.xml: line 17, column 7: <Competence>: date must be a valid date YYYY-MM-DD (value "2026-13-45")"#,
        ],
    );
}

#[test]
fn percent_out_of_range() {
    check(
        "bad-percent.xml",
        &["10024"],
        &[
            r#"bad-percent.xml: line 16, column 7: <Employment>: percent must be a whole number 1-100 (value "150")"#,
        ],
    );
}

#[test]
fn empty_employee_no_is_missing() {
    check(
        "bad-missing-employeeno.xml",
        &["10024"],
        &[
            "bad-missing-employeeno.xml: line 13, column 5: <Person>: employeeNo is missing: it is required (the employee number)",
        ],
    );
}

#[test]
fn two_primary_employments() {
    check(
        "bad-two-primaries.xml",
        &["10024"],
        &[
            r#"bad-two-primaries.xml: line 17, column 7: <Employment>: person 10023 has more than one primary employment (the first is on line 16): exactly one <Employment> may say primary="true" (value "true")"#,
        ],
    );
}

#[test]
fn malformed_xml_ends_the_reading() {
    // 10023 comes before the break and is read; 10025 after it is not.
    check(
        "bad-malformed.xml",
        &["10023"],
        &[
            r#"bad-malformed.xml: line 20, column 26: <GivenName>: not well-formed XML: the end tag </Givenname> does not match the open element <GivenName>; the file is damaged or cut off, export it again (value "Givenname")"#,
        ],
    );
}

#[test]
fn many_bad_records_are_all_reported() {
    check(
        "bad-many.xml",
        &["10023"],
        &[
            "bad-many.xml: line 5, column 5: <OrgUnit>: name is missing: it is required (the org unit's name)",
            r#"bad-many.xml: line 12, column 7: <Level>: value must be 1-4 (value "5")"#,
            r#"bad-many.xml: line 16, column 5: <Requirement>: level must be 1-4 (value "0")"#,
            r#"bad-many.xml: line 20, column 5: <Course>: validMonths must be a whole number of months (0 or absent: never expires) (value "two")"#,
            r#"bad-many.xml: line 26, column 7: <Employment>: percent must be a whole number 1-100 (value "75%")"#,
            r#"bad-many.xml: line 26, column 7: <Employment>: primary must be true or false (value "yes")"#,
            r#"bad-many.xml: line 27, column 7: <Competence>: level must be 1-4 (value "7")"#,
            r#"bad-many.xml: line 27, column 7: <Competence>: source must be self, manager or course (value "colleague")"#,
            r#"bad-many.xml: line 27, column 7: <Competence>: date must be a valid date YYYY-MM-DD (value "2026-02-30")"#,
            r#"bad-many.xml: line 37, column 7: <CourseResult>: completed must be a valid date YYYY-MM-DD (value "20.10.2026")"#,
            "bad-many.xml: line 34, column 5: <Person>: person 10024 has no FamilyName (or an empty one): it is required",
            "bad-many.xml: line 34, column 5: <Person>: person 10024 has no <Employment>: at least one is required",
            "bad-many.xml: line 42, column 7: <Employment>: unit is missing: it is required (an org unit id)",
            r#"bad-many.xml: line 42, column 7: <Employment>: end must be a valid date YYYY-MM-DD (value "2026-06-31")"#,
            "bad-many.xml: line 45, column 3: <Courses>: <Courses> comes after <Persons> and was not read: catalog sections must come before <Persons>",
        ],
    );
}

#[test]
fn bad_catalog_items_are_left_out_with_their_locations() {
    let result = read_fixture("bad-many.xml").expect("header");
    let catalog = &result.catalog.catalog;
    let locations = &result.catalog.locations;
    assert_eq!(catalog.units.len(), 1);
    assert_eq!(locations.units.len(), 1);
    assert!(catalog.systems.is_empty() && locations.systems.is_empty());
    assert_eq!(catalog.requirements.len(), 1);
    assert_eq!(locations.requirements[0].line, Some(17));
    assert!(catalog.courses.is_empty() && locations.courses.is_empty());
}

#[test]
fn wrong_root() {
    check_refused(
        "bad-root.xml",
        r#"bad-root.xml: line 2, column 1: <WinlasExprot>: the root element must be <WinlasExport>: this is not a WLX export (value "WinlasExprot")"#,
    );
}

#[test]
fn major_version_2() {
    check_refused(
        "bad-version.xml",
        r#"bad-version.xml: line 2, column 1: <WinlasExport>: formatVersion 2.0 is not supported: this adapter reads WLX 1.x; ask for a 1.x export or upgrade skillreg (value "2.0")"#,
    );
}

#[test]
fn header_errors() {
    let cases: &[(&str, &str)] = &[
        (
            r#"<WinlasExport exportedAt="2026-11-20T02:00:00"/>"#,
            "x.xml: line 1, column 1: <WinlasExport>: formatVersion is missing: it is required (the WLX version, e.g. 1.2)",
        ),
        (
            r#"<WinlasExport formatVersion="one" exportedAt="2026-11-20T02:00:00"/>"#,
            r#"x.xml: line 1, column 1: <WinlasExport>: formatVersion must be a version like 1.2 (value "one")"#,
        ),
        (
            r#"<WinlasExport formatVersion="1.2"/>"#,
            "x.xml: line 1, column 1: <WinlasExport>: exportedAt is missing: it is required (when the file was exported, e.g. 2026-11-20T02:00:00+01:00)",
        ),
        (
            r#"<WinlasExport formatVersion="1.2" exportedAt="20.11.2026 02:00"/>"#,
            r#"x.xml: line 1, column 1: <WinlasExport>: exportedAt must be a timestamp like 2026-11-20T02:00:00+01:00 or 2026-11-20T02:00:00 (value "20.11.2026 02:00")"#,
        ),
        (
            r#"<WinlasExport formatVersion="1.2" exportedAt="2026-11-20T02:00:00" kind="partial"/>"#,
            r#"x.xml: line 1, column 1: <WinlasExport>: kind must be full or delta (value "partial")"#,
        ),
        (
            "\n\n  <WinlasImport formatVersion=\"1.2\" createdAt=\"2026-11-21T02:10:00+01:00\"/>",
            r#"x.xml: line 3, column 3: <WinlasImport>: the root element must be <WinlasExport>: this is a WLX return file, not an export (value "WinlasImport")"#,
        ),
        (
            "",
            "x.xml: line 1, column 1: the file has no root element: it is empty or not XML",
        ),
        (
            "PK\u{3}\u{4} zip",
            r#"x.xml: line 1, column 1: text before the root element: this is not an XML file (value "PK\u{3}\u{4} zip")"#,
        ),
        (
            "<?xml version=\"1.0\"?>\n<WinlasExport formatVersion=\"1.2\" exportedAt=\"2026-11-20T02:00:00",
            "x.xml: line 2, column 1: not well-formed XML: syntax error: attribute value not closed: `\"` not found before end of input; the file is damaged or cut off, export it again",
        ),
    ];
    for (xml, expected) in cases {
        let err = read("x.xml", xml.as_bytes())
            .err()
            .unwrap_or_else(|| panic!("read: {xml}"));
        assert_eq!(err.to_string(), *expected, "{xml}");
    }
}

#[test]
fn a_cut_off_file_reports_where_it_ends() {
    let bytes = fixture("sample-export.xml");
    let text = String::from_utf8(bytes).expect("UTF-8");
    let cut = text.find("<Person employeeNo=\"10030\">").expect("10030");
    let result = read("cut.xml", &text.as_bytes()[..cut]).expect("header");
    assert_eq!(result.employee_nos(), ["10001", "10023", "10024", "10025"]);
    assert_eq!(
        result.problems,
        [
            "cut.xml: line 91, column 5: <Persons>: the file ends inside <Persons> (no </Persons>): it is cut off, export it again"
        ]
    );
    assert!(result.digest.is_some(), "the input was read through");
}

#[test]
fn a_cut_off_catalog_ends_the_reading() {
    let bytes = fixture("sample-export.xml");
    let mut reader = WlxReader::with_file_name(&bytes[..900], "cut.xml").expect("header");
    let (catalog, problems) = reader.catalog();
    assert_eq!(catalog.catalog.units.len(), 5);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(
        problems[0].message.starts_with("not well-formed XML")
            || problems[0].message.starts_with("the file ends inside"),
        "{problems:#?}"
    );
    assert_eq!(reader.next_person(), Ok(None));
}

#[test]
fn content_after_the_root_is_a_problem() {
    let bytes = fixture("sample-export.xml");
    let twice = [&bytes[..], &bytes[..]].concat();
    let result = read("twice.xml", &twice).expect("header");
    assert_eq!(result.people.len(), 8);
    assert_eq!(
        result.problems,
        [
            "twice.xml: line 120, column 1: content after </WinlasExport>: the file holds more than one document or is damaged, export it again"
        ]
    );
}

#[test]
fn bad_references_and_attributes() {
    let xml = r#"<WinlasExport formatVersion="1.2" exportedAt="2026-11-20T02:00:00">
  <Persons>
    <Person employeeNo="1">
      <GivenName>A&#0;</GivenName><FamilyName>B</FamilyName>
      <Employment unit="U &foo; X" occupation="O" start="2020-01-01"/>
    </Person>
  </Persons>
</WinlasExport>"#;
    let result = read("x.xml", xml.as_bytes()).expect("header");
    assert!(result.people.is_empty());
    assert_eq!(result.problems.len(), 3, "{:#?}", result.problems);
    assert!(
        result.problems[0]
            .starts_with("x.xml: line 4, column 7: <GivenName>: invalid character reference")
    );
    assert!(result.problems[1].starts_with("x.xml: line 5, column 7: <Employment>: unit: "));
    assert!(result.problems[1].ends_with(r#"(value "U &foo; X")"#));
    assert_eq!(
        result.problems[2],
        "x.xml: line 5, column 7: <Employment>: unit is missing: it is required (an org unit id)"
    );
}

#[test]
fn errors_list_their_problems() {
    let err = read_fixture("bad-version.xml").expect_err("refused");
    assert!(matches!(err, WlxError::UnsupportedVersion(_)));
    let problem = &err.problems()[0];
    assert_eq!(problem.location.line, Some(2));
    assert_eq!(problem.location.element.as_deref(), Some("WinlasExport"));
    assert_eq!(problem.value.as_deref(), Some("2.0"));
}

/// Reads to the end; `Err` at construction is fine. Panics and endless loops are not.
fn read_anything(bytes: &[u8]) {
    if let Ok(mut reader) = WlxReader::new(bytes) {
        let _ = reader.catalog();
        let mut n_calls = 0;
        while reader.next_person() != Ok(None) {
            n_calls += 1;
            assert!(n_calls < 1_000, "the reader does not end");
        }
    }
}

#[test]
fn no_panic_on_cut_or_damaged_input() {
    let bytes = fixture("bad-many.xml");
    for end in 0..=bytes.len() {
        read_anything(&bytes[..end]);
    }
    let mut damaged = bytes.clone();
    for i in 0..bytes.len() {
        for b in [b'<', b'>', b'&', b'"', b'/', b'\n', 0xFF] {
            damaged[i] = b;
            read_anything(&damaged);
        }
        damaged[i] = bytes[i];
    }
}

/// Gives `ok` bytes, then fails.
struct FailingAfter<'a> {
    ok: &'a [u8],
}

impl std::io::Read for FailingAfter<'_> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if self.ok.is_empty() {
            return Err(std::io::Error::other("disk on fire"));
        }
        let n = self.ok.len().min(out.len());
        out[..n].copy_from_slice(&self.ok[..n]);
        self.ok = &self.ok[n..];
        Ok(n)
    }
}

#[test]
fn read_errors_are_reported_and_end_the_reading() {
    let bytes = fixture("sample-export.xml");
    let failing =
        |n: usize| std::io::BufReader::with_capacity(64, FailingAfter { ok: &bytes[..n] });

    let err = WlxReader::new(failing(20)).expect_err("fails in the prolog");
    assert!(matches!(err, WlxError::Read(_)), "{err}");
    assert!(
        err.to_string()
            .ends_with("cannot read the file: disk on fire"),
        "{err}"
    );

    let mut reader = WlxReader::new(failing(3224)).expect("header");
    let (_, problems) = reader.catalog();
    assert!(problems.is_empty(), "{problems:#?}");
    let mut last = Vec::new();
    let mut n_people = 0;
    loop {
        match reader.next_person() {
            Ok(Some(_)) => n_people += 1,
            Ok(None) => break,
            Err(list) => last = list,
        }
    }
    assert_eq!(n_people, 0);
    assert_eq!(last.len(), 1);
    assert!(
        last[0]
            .message
            .ends_with("cannot read the file: disk on fire"),
        "{last:#?}"
    );
    assert_eq!(reader.digest(), None, "a partial digest is no digest");
}
