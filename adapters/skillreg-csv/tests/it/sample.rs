//! The sample files: exact records, catalog and header; the Norwegian twin states the same.

use std::sync::Arc;

use skillreg_core::{
    EmploymentRecord, Location, Occupation, OrgUnit, PersonRecord, Snapshot, SnapshotKind,
};
use skillreg_csv::{CsvReader, SOURCE};

use crate::{as_of, day, fixture, fixture_path, mapping, read_fixture, without_locations};

const SAMPLE: &str = "sample-hr.csv";
const SAMPLE_MAPPING: &str = "sample-hr-mapping.toml";
const TWIN: &str = "sample-hr-no.csv";
const TWIN_MAPPING: &str = "sample-hr-no-mapping.toml";

fn at(line: u64) -> Location {
    Location {
        file: Some(Arc::from(SAMPLE)),
        line: Some(line),
        column: None,
        element: None,
    }
}

#[allow(clippy::too_many_arguments)]
fn employment(
    row: u64,
    unit: &str,
    occupation: &str,
    percent: u8,
    start: (i32, u32, u32),
    end: Option<(i32, u32, u32)>,
    manager: Option<&str>,
    primary: bool,
) -> EmploymentRecord {
    EmploymentRecord {
        unit: unit.to_string(),
        occupation: occupation.to_string(),
        percent: Some(percent),
        start: day(start.0, start.1, start.2),
        end: end.map(|(y, m, d)| day(y, m, d)),
        manager: manager.map(str::to_string),
        primary,
        location: at(row),
    }
}

fn person(
    row: u64,
    no: &str,
    given: &str,
    family: &str,
    email: Option<&str>,
    employments: Vec<EmploymentRecord>,
) -> PersonRecord {
    PersonRecord {
        employee_no: no.to_string(),
        given_name: given.to_string(),
        family_name: family.to_string(),
        email: email.map(str::to_string),
        gender: None,
        employments,
        evidence: Vec::new(),
        location: at(row),
    }
}

/// The eight people of `fixtures/winlas/sample-export.xml`, as `sample-hr.csv` states them.
fn expected_people() -> Vec<PersonRecord> {
    let open = None;
    vec![
        person(
            2,
            "10001",
            "Karin",
            "Åberg",
            Some("karin.aberg@example.se"),
            vec![employment(
                2,
                "SOC-HT",
                "ECH",
                100,
                (2012, 1, 1),
                open,
                None,
                true,
            )],
        ),
        person(
            3,
            "10023",
            "Anna",
            "Lindqvist",
            Some("anna.lindqvist@example.se"),
            vec![employment(
                3,
                "SOC-HT",
                "USK",
                75,
                (2015, 3, 1),
                open,
                Some("10001"),
                true,
            )],
        ),
        person(
            4,
            "10024",
            "Mohammed",
            "Al-Sayed",
            None,
            vec![employment(
                4,
                "SOC-HT",
                "USK",
                100,
                (2021, 8, 15),
                open,
                Some("10001"),
                true,
            )],
        ),
        person(
            5,
            "10025",
            "Sofia",
            "Öhman & Berg",
            Some("sofia.ohman@example.se"),
            vec![
                employment(
                    5,
                    "SOC-SÄBO",
                    "USK",
                    50,
                    (2019, 2, 1),
                    open,
                    Some("10030"),
                    true,
                ),
                employment(
                    6,
                    "SOC-HT",
                    "USK",
                    25,
                    (2023, 1, 1),
                    open,
                    Some("10001"),
                    false,
                ),
            ],
        ),
        person(
            7,
            "10030",
            "Per",
            "Ström",
            None,
            vec![employment(
                7,
                "SOC-SÄBO",
                "ECH",
                100,
                (2010, 9, 1),
                open,
                None,
                true,
            )],
        ),
        person(
            8,
            "10031",
            "Linnéa",
            "Karlsson",
            None,
            vec![employment(
                8,
                "SOC-SÄBO",
                "SSK",
                100,
                (2018, 6, 1),
                open,
                Some("10030"),
                true,
            )],
        ),
        person(
            9,
            "10040",
            "Jonas",
            "Berg",
            None,
            vec![employment(
                9,
                "BUF-EHT",
                "SKSK",
                80,
                (2020, 8, 10),
                open,
                None,
                true,
            )],
        ),
        person(
            10,
            "10041",
            "Elin",
            "Nilsson",
            None,
            vec![employment(
                10,
                "BUF-EHT",
                "SKSK",
                100,
                (2016, 1, 4),
                Some((2026, 6, 30)),
                None,
                true,
            )],
        ),
    ]
}

#[test]
fn sample_gives_exact_records() {
    let read = read_fixture(SAMPLE, SAMPLE_MAPPING).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(read.problems, Vec::<String>::new());
    let expected = expected_people();
    assert_eq!(read.people.len(), expected.len());
    for (got, want) in read.people.iter().zip(&expected) {
        assert_eq!(got, want, "person {}", want.employee_no);
    }
}

#[test]
fn sample_header_is_as_of_the_callers_day() {
    let read = read_fixture(SAMPLE, SAMPLE_MAPPING).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(read.header.source, SOURCE);
    assert_eq!(read.header.source, "csv");
    assert_eq!(read.header.as_of, as_of());
    assert_eq!(read.header.exported_at, "2026-11-20");
    assert_eq!(read.header.kind, SnapshotKind::Full);
}

#[test]
fn digest_is_the_blake3_of_the_bytes() {
    let read = read_fixture(SAMPLE, SAMPLE_MAPPING).unwrap_or_else(|e| panic!("{e}"));
    let expected = blake3::hash(&fixture(SAMPLE)).to_hex().to_string();
    assert_eq!(read.digest, Some(expected));
    let twin = read_fixture(TWIN, TWIN_MAPPING).unwrap_or_else(|e| panic!("{e}"));
    assert_ne!(twin.digest, read.digest);
}

#[test]
fn sample_catalog_states_the_units_and_occupations_that_occur() {
    let read = read_fixture(SAMPLE, SAMPLE_MAPPING).unwrap_or_else(|e| panic!("{e}"));
    let catalog = &read.catalog;
    assert!(catalog.names_if_new);
    let unit = |id: &str, name: &str| OrgUnit {
        id: id.to_string(),
        name: name.to_string(),
        parent: None,
    };
    assert_eq!(
        catalog.catalog.units,
        [
            unit("SOC-HT", "Hemtjänst Centrum"),
            unit("SOC-SÄBO", "Särskilt boende Solgården"),
            unit("BUF-EHT", "Elevhälsan"),
        ]
    );
    let occupation = |code: &str, name: &str| Occupation {
        code: code.to_string(),
        name: name.to_string(),
    };
    assert_eq!(
        catalog.catalog.occupations,
        [
            occupation("ECH", "Enhetschef"),
            occupation("USK", "Undersköterska"),
            occupation("SSK", "Sjuksköterska"),
            occupation("SKSK", "Skolsköterska"),
        ]
    );
    assert!(catalog.catalog.systems.is_empty());
    assert!(catalog.catalog.requirements.is_empty());
    assert!(catalog.catalog.courses.is_empty());
    let rows = |list: &[Location]| list.iter().map(|l| l.line).collect::<Vec<_>>();
    assert_eq!(rows(&catalog.locations.units), [Some(2), Some(5), Some(9)]);
    assert_eq!(catalog.locations.units[1].element.as_deref(), Some("Enhet"));
    assert_eq!(
        rows(&catalog.locations.occupations),
        [Some(2), Some(3), Some(8), Some(9)]
    );
    assert_eq!(
        catalog.locations.occupations[0].element.as_deref(),
        Some("Befattningskod")
    );
}

#[test]
fn norwegian_twin_gives_identical_records() {
    // windows-1252, comma-separated, dd.mm.yyyy dates, percentages as "75,0" and "80 %", quoted
    // fields holding the delimiter and a line break, a blank line and an empty row, a person's
    // rows apart, a primary column, and codes translated by the mapping's tables.
    let sample = read_fixture(SAMPLE, SAMPLE_MAPPING).unwrap_or_else(|e| panic!("{e}"));
    let twin = read_fixture(TWIN, TWIN_MAPPING).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(twin.problems, Vec::<String>::new());
    assert_eq!(
        without_locations(&twin.people),
        without_locations(&sample.people)
    );
    assert_eq!(twin.catalog.catalog, sample.catalog.catalog);
    assert_eq!(twin.header, sample.header);
}

#[test]
fn twin_locations_are_spreadsheet_rows() {
    let twin = read_fixture(TWIN, TWIN_MAPPING).unwrap_or_else(|e| panic!("{e}"));
    let rows = |no: &str| -> Vec<Option<u64>> {
        let p = twin.person(no);
        let mut rows = vec![p.location.line];
        rows.extend(p.employments.iter().map(|e| e.location.line));
        rows
    };
    // Row 3 holds a line break in a quoted field: later rows start a line further down in a
    // text editor, but keep their row numbers; the blank line and the empty row count as rows.
    assert_eq!(rows("10023"), [Some(3), Some(3)]);
    assert_eq!(rows("10024"), [Some(4), Some(4)]);
    assert_eq!(rows("10025"), [Some(5), Some(5), Some(12)]);
    assert_eq!(rows("10031"), [Some(8), Some(8)]);
    assert_eq!(rows("10041"), [Some(11), Some(11)]);
    let file = twin.person("10041").location.file.clone();
    assert_eq!(file.as_deref(), Some(TWIN));
}

#[test]
fn twin_primary_column_and_apart_rows() {
    let twin = read_fixture(TWIN, TWIN_MAPPING).unwrap_or_else(|e| panic!("{e}"));
    let sofia = twin.person("10025");
    let units: Vec<(&str, bool)> = sofia
        .employments
        .iter()
        .map(|e| (e.unit.as_str(), e.primary))
        .collect();
    assert_eq!(units, [("SOC-SÄBO", true), ("SOC-HT", false)]);
    // The second row gives the email in other case: the first row's spelling is kept.
    assert_eq!(sofia.email.as_deref(), Some("sofia.ohman@example.se"));
}

#[test]
fn open_reads_a_file_and_names_it_by_its_path() {
    let mapping_path = fixture_path(SAMPLE_MAPPING);
    let mapping =
        skillreg_csv::CsvMapping::from_file(&mapping_path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(mapping.name(), mapping_path.display().to_string());
    let path = fixture_path(SAMPLE);
    let mut reader = CsvReader::open(&path, &mapping, as_of()).unwrap_or_else(|e| panic!("{e}"));
    let first = reader.next_person().unwrap_or_else(|p| panic!("{p:?}"));
    let first = first.unwrap_or_else(|| panic!("no person"));
    assert_eq!(first.employee_no, "10001");
    let file = path.display().to_string();
    assert_eq!(first.location.file.as_deref(), Some(file.as_str()));
}

#[test]
fn open_names_a_missing_file() {
    let missing = fixture_path("no-such-file.csv");
    let err = CsvReader::open(&missing, &mapping(SAMPLE_MAPPING), as_of())
        .err()
        .unwrap_or_else(|| panic!("read a missing file"));
    assert_eq!(
        err.to_string(),
        format!("cannot read {}", missing.display())
    );
    assert!(
        std::error::Error::source(&err)
            .and_then(|s| s.downcast_ref::<std::io::Error>())
            .is_some_and(|io| io.kind() == std::io::ErrorKind::NotFound),
        "{err:?}"
    );
    assert!(err.problems().is_empty());
}

#[test]
fn people_come_before_catalog_is_asked_for() {
    // The engine asks for the catalog first, but a reader must not depend on it.
    let mut reader =
        CsvReader::from_bytes(fixture(SAMPLE), SAMPLE, &mapping(SAMPLE_MAPPING), as_of())
            .unwrap_or_else(|e| panic!("{e}"));
    let first = reader.next_person().ok().flatten().map(|p| p.employee_no);
    assert_eq!(first.as_deref(), Some("10001"));
    let (catalog, problems) = reader.catalog();
    assert_eq!(catalog.catalog.units.len(), 3);
    assert!(problems.is_empty());
    let (again, _) = reader.catalog();
    assert!(
        again.catalog.units.is_empty(),
        "the catalog is handed over once"
    );
}

#[test]
fn paths_are_taken_as_a_path_buf_or_a_string_too() {
    let mapping_path = fixture_path(SAMPLE_MAPPING);
    let by_ref = skillreg_csv::CsvMapping::from_file(mapping_path.as_path())
        .unwrap_or_else(|e| panic!("{e}"));
    let by_value =
        skillreg_csv::CsvMapping::from_file(mapping_path.clone()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(by_value, by_ref);
    let path = fixture_path(SAMPLE).display().to_string();
    let mut reader =
        CsvReader::open(path.clone(), &by_value, as_of()).unwrap_or_else(|e| panic!("{e}"));
    let first = reader.next_person().unwrap_or_else(|p| panic!("{p:?}"));
    let first = first.unwrap_or_else(|| panic!("no person"));
    assert_eq!(first.location.file.as_deref(), Some(path.as_str()));
}
