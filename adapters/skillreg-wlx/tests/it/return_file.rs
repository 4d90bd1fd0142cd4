//! The return file: written, and read back to the same records.

use skillreg_core::{CompetenceSource, Level};
use skillreg_testkit::d;
use skillreg_wlx::{ReturnFile, ReturnRecord, WlxError, read_return_file, write_return_file};

fn course_record() -> ReturnRecord {
    ReturnRecord {
        employee_no: "10023".into(),
        system: "LIFECARE".into(),
        level: Level::Independent,
        source: CompetenceSource::Course,
        date: d("2026-10-20"),
        reference: Some("LC-DOK".into()),
        assessor: None,
    }
}

fn write(
    created_at: &str,
    since: Option<&str>,
    records: &[ReturnRecord],
) -> std::io::Result<String> {
    let mut out = Vec::new();
    write_return_file(&mut out, created_at, since, records)?;
    Ok(String::from_utf8(out).expect("UTF-8"))
}

#[test]
fn writes_the_documented_shape() {
    let manager = ReturnRecord {
        employee_no: "10024".into(),
        system: "O365".into(),
        level: Level::Advanced,
        source: CompetenceSource::Manager,
        date: d("2026-11-02"),
        reference: None,
        assessor: Some("10001".into()),
    };
    let text = write(
        "2026-11-21T02:10:00+01:00",
        Some("2026-11-20T02:10:00+01:00"),
        &[course_record(), manager],
    )
    .expect("write");
    assert_eq!(
        text,
        r#"<?xml version="1.0" encoding="UTF-8"?>
<WinlasImport formatVersion="1.2" createdAt="2026-11-21T02:10:00+01:00" since="2026-11-20T02:10:00+01:00">
  <Competence employeeNo="10023" system="LIFECARE" level="2" source="course" date="2026-10-20" reference="LC-DOK"/>
  <Competence employeeNo="10024" system="O365" level="3" source="manager" date="2026-11-02" assessor="10001"/>
</WinlasImport>
"#
    );
}

#[test]
fn round_trip() {
    let records = vec![
        course_record(),
        ReturnRecord {
            employee_no: "A&B <\"x\">".into(),
            system: "Blå\tsystem\nny".into(),
            level: Level::Expert,
            source: CompetenceSource::SelfAssessment,
            date: d("2024-02-29"),
            reference: None,
            assessor: None,
        },
        ReturnRecord {
            employee_no: "10031".into(),
            system: "LIFECARE".into(),
            level: Level::Basic,
            source: CompetenceSource::Manager,
            date: d("2026-10-12"),
            reference: None,
            assessor: Some("Per Ström 'chef'".into()),
        },
    ];
    for since in [None, Some("2026-11-20T02:10:00")] {
        let text = write("2026-11-21T02:10:00+01:00", since, &records).expect("write");
        let back = read_return_file(text.as_bytes()).expect("read back");
        assert_eq!(
            back,
            ReturnFile {
                created_at: "2026-11-21T02:10:00+01:00".into(),
                since: since.map(str::to_string),
                records: records.clone(),
            }
        );
    }
    let empty = write("2026-11-21T02:10:00Z", None, &[]).expect("write");
    assert_eq!(
        read_return_file(empty.as_bytes()).expect("read").records,
        []
    );
}

#[test]
fn refuses_what_it_cannot_write() {
    let bad_char = ReturnRecord {
        system: "LIFE\u{1}CARE".into(),
        ..course_record()
    };
    let empty_no = ReturnRecord {
        employee_no: " ".into(),
        ..course_record()
    };
    let cases: &[(&str, &[ReturnRecord])] = &[
        ("yesterday", &[]),
        ("2026-11-21T02:10:00+01:00", &[bad_char]),
        ("2026-11-21T02:10:00+01:00", &[empty_no]),
    ];
    for (created_at, records) in cases {
        let err = write(created_at, None, records).expect_err("refused");
        assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput, "{err}");
    }
    let err = write("2026-11-21T02:10:00", Some("last week"), &[]).expect_err("since");
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
}

#[test]
fn reading_reports_every_bad_record() {
    let text = r#"<?xml version="1.0" encoding="UTF-8"?>
<WinlasImport formatVersion="1.2" createdAt="2026-11-21T02:10:00+01:00">
  <Competence employeeNo="10023" system="LIFECARE" level="9" source="course" date="2026-10-20"/>
  <Competence system="LIFECARE" level="2" source="boss" date="2026-10-20"/>
</WinlasImport>
"#;
    let err = read_return_file(text.as_bytes()).expect_err("refused");
    let problems: Vec<String> = err.problems().iter().map(ToString::to_string).collect();
    assert_eq!(
        problems,
        [
            r#"line 3, column 3: <Competence>: level must be 1-4 (value "9")"#,
            "line 4, column 3: <Competence>: employeeNo is missing: it is required (the employee number)",
            r#"line 4, column 3: <Competence>: source must be self, manager or course (value "boss")"#,
        ]
    );
    assert!(err.to_string().ends_with("(and 2 more)"), "{err}");

    let export = crate::fixture("sample-export.xml");
    let err = read_return_file(&export[..]).expect_err("an export is not a return file");
    assert!(matches!(err, WlxError::WrongRoot(_)), "{err}");
}

#[test]
fn round_trip_through_a_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("return.xml");
    let file = std::fs::File::create(&path).expect("create");
    write_return_file(file, "2026-11-21T02:10:00+01:00", None, &[course_record()]).expect("write");
    let file = std::fs::File::open(&path).expect("open");
    let back = read_return_file(std::io::BufReader::new(file)).expect("read");
    assert_eq!(back.records, [course_record()]);
    assert_eq!(back.since, None);
}
