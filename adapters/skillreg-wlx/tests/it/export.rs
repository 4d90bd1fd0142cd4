//! The sample export and the format's quirks.

use skillreg_core::{CompetenceSource, EvidenceRecord, Level, Location, Snapshot, SnapshotKind};
use skillreg_testkit::d;
use skillreg_wlx::{SOURCE, WlxReader};

use crate::{fixture, fixture_path, read, read_ok};

fn at(line: u64, column: u64, element: &str) -> Location {
    Location {
        file: Some("sample-export.xml".into()),
        line: Some(line),
        column: Some(column),
        element: Some(element.into()),
    }
}

#[test]
fn sample_header() {
    let sample = read_ok("sample-export.xml");
    assert_eq!(sample.header.source, SOURCE);
    assert_eq!(sample.header.as_of, d("2026-11-20"));
    assert_eq!(sample.header.exported_at, "2026-11-20T02:00:00+01:00");
    assert_eq!(sample.header.kind, SnapshotKind::Full);
    assert!(sample.problems.is_empty(), "{:#?}", sample.problems);
}

#[test]
fn sample_catalog() {
    let sample = read_ok("sample-export.xml");
    let catalog = &sample.catalog.catalog;
    let locations = &sample.catalog.locations;
    assert_eq!(catalog.units.len(), 5);
    assert_eq!(catalog.occupations.len(), 4);
    assert_eq!(catalog.systems.len(), 4);
    assert_eq!(catalog.requirements.len(), 12);
    assert_eq!(catalog.courses.len(), 6);
    assert_eq!(locations.units.len(), 5);
    assert_eq!(locations.occupations.len(), 4);
    assert_eq!(locations.systems.len(), 4);
    assert_eq!(locations.requirements.len(), 12);
    assert_eq!(locations.courses.len(), 6);
    // Format 1.3: a course's audience, the occupations it is made for (absent: everyone).
    let audience = |code: &str| catalog.course(code).expect(code).audience.clone();
    assert_eq!(audience("TC-PERS"), ["USK", "SSK"]);
    assert_eq!(audience("TC-CHEF"), ["ECH"]);
    assert!(audience("LC-DOK").is_empty());

    // Parents may follow children; text comes out as Unicode.
    let ht = &catalog.units[0];
    assert_eq!(
        (ht.id.as_str(), ht.name.as_str(), ht.parent.as_deref()),
        ("SOC-HT", "Hemtjänst Centrum", Some("SOC"))
    );
    assert_eq!(catalog.units[1].parent, None);
    assert_eq!(catalog.units[2].id, "SOC-SÄBO");
    assert_eq!(locations.units[0], at(4, 5, "OrgUnit"));
    assert_eq!(locations.units[4], at(8, 5, "OrgUnit"));

    assert_eq!(catalog.occupations[0].name, "Undersköterska");

    let lifecare = catalog.system("LIFECARE").expect("LIFECARE");
    assert_eq!(lifecare.vendor.as_deref(), Some("Tieto"));
    assert_eq!(
        lifecare.description(Level::Basic),
        Some("Loggar in och läser planering")
    );
    assert_eq!(
        lifecare.description(Level::Expert),
        Some("Superanvändare: konfigurerar och utbildar")
    );
    let timecare = catalog.system("TIMECARE").expect("TIMECARE");
    assert_eq!(timecare.level_descriptions, [None, None, None, None]);
    assert_eq!(locations.systems[1], at(23, 5, "System"));

    let unit_requirement = &catalog.requirements[10];
    assert_eq!(unit_requirement.occupation, "USK");
    assert_eq!(unit_requirement.system, "LIFECARE");
    assert_eq!(unit_requirement.level, Level::Advanced);
    assert_eq!(unit_requirement.unit.as_deref(), Some("SOC-SÄBO"));
    assert_eq!(locations.requirements[10], at(43, 5, "Requirement"));
    assert!(catalog.requirements[..10].iter().all(|r| r.unit.is_none()));
    // At Solgården assistant nurses also plan their own schedules.
    let timecare_there = &catalog.requirements[11];
    assert_eq!(
        (
            timecare_there.system.as_str(),
            timecare_there.level,
            timecare_there.unit.as_deref()
        ),
        ("TIMECARE", Level::Independent, Some("SOC-SÄBO"))
    );
    assert_eq!(locations.requirements[11], at(44, 5, "Requirement"));

    let handl = catalog.course("LC-HANDL").expect("LC-HANDL");
    assert_eq!(handl.valid_months, Some(24));
    assert_eq!(handl.grants, Level::Advanced);
    assert_eq!(handl.system, "LIFECARE");
    assert_eq!(catalog.course("LC-DOK").and_then(|c| c.valid_months), None);
    assert_eq!(
        catalog.course("TC-CHEF").map(|c| c.name.as_str()),
        Some("Timecare för chefer")
    );
}

#[test]
fn sample_people() {
    let sample = read_ok("sample-export.xml");
    assert_eq!(
        sample.employee_nos(),
        [
            "10001", "10023", "10024", "10025", "10030", "10031", "10040", "10041"
        ]
    );

    let karin = sample.person("10001");
    assert_eq!(karin.family_name, "Åberg");
    assert_eq!(karin.location, at(55, 5, "Person"));

    let anna = sample.person("10023");
    assert_eq!(
        (anna.given_name.as_str(), anna.family_name.as_str()),
        ("Anna", "Lindqvist")
    );
    assert_eq!(anna.email.as_deref(), Some("anna.lindqvist@example.se"));
    let job = &anna.employments[0];
    assert_eq!(job.unit, "SOC-HT");
    assert_eq!(job.occupation, "USK");
    assert_eq!(job.percent, Some(75));
    assert_eq!(job.start, d("2015-03-01"));
    assert_eq!(job.end, None, "end=\"\" means ongoing");
    assert_eq!(job.manager.as_deref(), Some("10001"));
    assert!(job.primary);
    assert_eq!(job.location, at(68, 7, "Employment"));
    assert_eq!(
        anna.evidence,
        vec![
            EvidenceRecord::Competence {
                system: "LIFECARE".into(),
                level: Level::Independent,
                source: CompetenceSource::SelfAssessment,
                date: d("2026-09-14"),
                assessor: None,
                location: at(69, 7, "Competence"),
            },
            EvidenceRecord::Competence {
                system: "LIFECARE".into(),
                level: Level::Advanced,
                source: CompetenceSource::Manager,
                date: d("2026-10-01"),
                assessor: Some("10001".into()),
                location: at(70, 7, "Competence"),
            },
            EvidenceRecord::Competence {
                system: "O365".into(),
                level: Level::Basic,
                source: CompetenceSource::SelfAssessment,
                date: d("2026-09-14"),
                assessor: None,
                location: at(71, 7, "Competence"),
            },
            EvidenceRecord::CourseResult {
                course: "LC-DOK".into(),
                completed: d("2026-10-20"),
                location: at(72, 7, "CourseResult"),
            },
        ]
    );

    assert_eq!(sample.person("10024").email, None);

    let sofia = sample.person("10025");
    assert_eq!(sofia.family_name, "Öhman & Berg");
    assert_eq!(sofia.employments.len(), 2);
    let primary: Vec<&str> = sofia
        .employments
        .iter()
        .filter(|e| e.primary)
        .map(|e| e.unit.as_str())
        .collect();
    assert_eq!(primary, ["SOC-SÄBO"]);
    assert_eq!(sofia.employments[1].percent, Some(25));
    assert_eq!(sofia.employments[1].manager.as_deref(), Some("10001"));
    assert_eq!(
        sofia.evidence.last(),
        Some(&EvidenceRecord::CourseResult {
            course: "TEAMS-1".into(),
            completed: d("2026-05-11"),
            location: at(89, 7, "CourseResult"),
        })
    );

    let linnea = sample.person("10031");
    assert_eq!(linnea.given_name, "Linnéa");

    let jonas = sample.person("10040");
    assert!(matches!(
        &jonas.evidence[0],
        EvidenceRecord::Competence {
            source: CompetenceSource::Manager,
            assessor: None,
            ..
        }
    ));

    let elin = sample.person("10041");
    assert_eq!(elin.employments[0].end, Some(d("2026-06-30")));
    assert_eq!(elin.employments[0].start, d("2016-01-04"));

    let n_evidence: usize = sample.people.iter().map(|p| p.evidence.len()).sum();
    assert_eq!(n_evidence, 19);
}

#[test]
fn digest_is_blake3_of_the_file_once_read_through() {
    let bytes = fixture("sample-export.xml");
    let mut reader = WlxReader::new(&bytes[..]).expect("header");
    assert_eq!(reader.digest(), None);
    let _ = reader.catalog();
    assert_eq!(reader.next_person().map(|p| p.is_some()), Ok(true));
    assert_eq!(reader.digest(), None, "not before the last person");
    while let Ok(Some(_)) = reader.next_person() {}
    assert_eq!(
        reader.digest(),
        Some(blake3::hash(&bytes).to_hex().to_string())
    );
}

#[test]
fn open_names_the_path() {
    let path = fixture_path("sample-export.xml");
    let mut reader = WlxReader::open(&path).expect("open");
    let (catalog, _) = reader.catalog();
    let shown = path.display().to_string();
    assert_eq!(
        catalog.locations.units[0].file.as_deref(),
        Some(shown.as_str())
    );

    let missing = fixture_path("no-such-file.xml");
    let err = WlxReader::open(&missing).expect_err("missing file");
    assert_eq!(
        err.to_string(),
        format!("cannot open {}", missing.display())
    );
    assert!(
        std::error::Error::source(&err)
            .and_then(|s| s.downcast_ref::<std::io::Error>())
            .is_some_and(|io| io.kind() == std::io::ErrorKind::NotFound),
        "{err:?}"
    );
}

#[test]
fn next_person_first_reads_the_catalog_itself() {
    let bytes = fixture("sample-export.xml");
    let mut reader = WlxReader::new(&bytes[..]).expect("header");
    let mut n_people = 0;
    while let Ok(Some(_)) = reader.next_person() {
        n_people += 1;
    }
    assert_eq!(n_people, 8);
    let (late, problems) = reader.catalog();
    assert!(late.catalog.is_empty() && problems.is_empty());
}

#[test]
fn unknown_elements_and_attributes_are_ignored() {
    let xml = r#"<?xml version="1.0"?>
<!-- nightly export -->
<WinlasExport formatVersion="1.9" exportedAt="2026-11-20T02:00:00" newAttribute="x">
  <Metadata><Generator version="7">Winlas <b>9</b></Generator></Metadata>
  <OrgUnits>
    <OrgUnit id="SOC" name="Socialförvaltningen" costCentre="4711"><Note>ny</Note></OrgUnit>
    <Region id="VÄST"/>
  </OrgUnits>
  <Persons>
    <Person employeeNo=" 10023 " status="active">
      <?pi ignored?>
      <GivenName>Anna <Nickname>Annie</Nickname></GivenName>
      <FamilyName><![CDATA[Lindqvist & Ek]]></FamilyName>
      <Phone type="work"><Number>123</Number></Phone>
      <Employment unit="SOC" occupation="USK" start="2015-03-01" fte="0.75"/>
    </Person>
    <Team name="Blå"/>
  </Persons>
  <Statistics count="1"/>
</WinlasExport>
"#;
    let result = read("x.xml", xml.as_bytes()).expect("header");
    assert!(result.problems.is_empty(), "{:#?}", result.problems);
    assert_eq!(
        result.header.kind,
        SnapshotKind::Full,
        "kind defaults to full"
    );
    assert_eq!(result.catalog.catalog.units.len(), 1);
    let anna = result.person("10023");
    assert_eq!(anna.given_name, "Anna");
    assert_eq!(anna.family_name, "Lindqvist & Ek");
    assert!(
        anna.employments[0].primary,
        "the only employment is primary"
    );
    assert_eq!(anna.employments[0].percent, None);
}

#[test]
fn without_a_primary_the_first_employment_is_primary() {
    let xml = r#"<WinlasExport formatVersion="1.2" exportedAt="2026-11-20T02:00:00+01:00">
  <Persons>
    <Person employeeNo="1">
      <GivenName>A</GivenName><FamilyName>B</FamilyName>
      <Employment unit="U1" occupation="O" start="2020-01-01" primary="false"/>
      <Employment unit="U2" occupation="O" start="2021-01-01"/>
    </Person>
    <Person employeeNo="2">
      <GivenName>C</GivenName><FamilyName>D</FamilyName>
      <Employment unit="U1" occupation="O" start="2020-01-01"/>
      <Employment unit="U2" occupation="O" start="2021-01-01" primary="true"/>
    </Person>
  </Persons>
</WinlasExport>"#;
    let result = read("x.xml", xml.as_bytes()).expect("header");
    assert!(result.problems.is_empty(), "{:#?}", result.problems);
    let primaries = |no: &str| -> Vec<bool> {
        result
            .person(no)
            .employments
            .iter()
            .map(|e| e.primary)
            .collect()
    };
    assert_eq!(primaries("1"), [true, false]);
    assert_eq!(primaries("2"), [false, true]);
}

#[test]
fn header_variants() {
    let header = |root_attrs: &str| {
        let xml = format!("<WinlasExport {root_attrs}><Persons/></WinlasExport>");
        read("x.xml", xml.as_bytes()).map(|r| (r.header, r.problems))
    };
    // The date as written, not converted to UTC.
    let (h, problems) =
        header(r#"formatVersion="1.0" exportedAt="2026-11-20T00:30:00+01:00" kind="delta""#)
            .expect("delta");
    assert_eq!((h.as_of, h.kind), (d("2026-11-20"), SnapshotKind::Delta));
    assert!(problems.is_empty());
    let (h, _) = header(r#"formatVersion="1" exportedAt="2026-11-20T23:59:59""#).expect("local");
    assert_eq!(
        (h.as_of, h.exported_at.as_str()),
        (d("2026-11-20"), "2026-11-20T23:59:59")
    );
    let (h, _) = header(r#"formatVersion="1.2" exportedAt="2026-11-20T02:00:00Z" kind="""#)
        .expect("empty kind");
    assert_eq!(h.kind, SnapshotKind::Full);
}

#[test]
fn as_of_is_the_export_day_in_stockholm() {
    let header = |exported_at: &str| {
        let xml = format!(
            r#"<WinlasExport formatVersion="1.2" exportedAt="{exported_at}"><Persons/></WinlasExport>"#
        );
        let reader = WlxReader::new(xml.as_bytes()).expect("header");
        (reader.header().as_of, reader.header().exported_at.clone())
    };
    for (exported_at, expected) in [
        // 00:30 in Stockholm (winter time, +01:00).
        ("2026-11-19T23:30:00Z", d("2026-11-20")),
        ("2026-11-20T02:00:00+01:00", d("2026-11-20")),
        // 00:30 in Stockholm (summer time, +02:00).
        ("2026-06-30T22:30:00Z", d("2026-07-01")),
        // 01:30 in Stockholm: summer time begins at 01:00 UTC that day.
        ("2026-03-29T00:30:00Z", d("2026-03-29")),
        // Without an offset: Stockholm time already.
        ("2026-11-19T23:30:00", d("2026-11-19")),
    ] {
        // `exported_at` stays as written.
        assert_eq!(
            header(exported_at),
            (expected, exported_at.to_string()),
            "{exported_at}"
        );
    }
}

#[test]
fn an_empty_persons_section_is_fine_an_absent_one_is_not() {
    let read_xml = |xml: &str| read("x.xml", xml.as_bytes()).expect("header");
    let empty = read_xml(
        r#"<WinlasExport formatVersion="1.2" exportedAt="2026-11-20T02:00:00" kind="delta"><Persons></Persons></WinlasExport>"#,
    );
    assert!(empty.people.is_empty() && empty.problems.is_empty());
    assert!(empty.digest.is_some());

    let absent =
        read_xml(r#"<WinlasExport formatVersion="1.2" exportedAt="2026-11-20T02:00:00"/>"#);
    assert_eq!(
        absent.problems,
        [
            "x.xml: line 1, column 1: <WinlasExport>: the export has no <Persons> section: it is required, even if empty"
        ]
    );
}
