//! Integration tests of the CSV adapter over the fixtures in `fixtures/csv/`.

mod formats;
mod fuzz;
mod garbage;
mod problems;
mod sample;
mod sync;

use std::path::PathBuf;

use chrono::NaiveDate;
use skillreg_core::{Location, PersonRecord, Snapshot, SnapshotHeader, SourceCatalog};
use skillreg_csv::{CsvError, CsvMapping, CsvReader};

/// Everything a reader yields, problems as the user sees them.
#[derive(Debug, Clone, PartialEq)]
pub struct Read {
    pub header: SnapshotHeader,
    pub catalog: SourceCatalog,
    pub people: Vec<PersonRecord>,
    pub problems: Vec<String>,
    pub digest: Option<String>,
}

impl Read {
    /// The employee numbers read, in order.
    pub fn employee_nos(&self) -> Vec<&str> {
        self.people.iter().map(|p| p.employee_no.as_str()).collect()
    }

    /// The person with `employee_no`.
    pub fn person(&self, employee_no: &str) -> &PersonRecord {
        let found = self.people.iter().find(|p| p.employee_no == employee_no);
        found.unwrap_or_else(|| panic!("no person {employee_no}"))
    }
}

pub fn fixture_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/csv")
        .join(name)
}

pub fn fixture(name: &str) -> Vec<u8> {
    let path = fixture_path(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The mapping fixture `name`, named by its file name.
pub fn mapping(name: &str) -> CsvMapping {
    let text = String::from_utf8(fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    CsvMapping::parse(&text, name).unwrap_or_else(|e| panic!("{e}"))
}

/// A mapping from inline TOML.
pub fn inline_mapping(text: &str) -> CsvMapping {
    CsvMapping::parse(text, "mapping.toml").unwrap_or_else(|e| panic!("{e}"))
}

pub fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_else(|| panic!("bad date {y}-{m}-{d}"))
}

/// The day the tests read files as of.
pub fn as_of() -> NaiveDate {
    day(2026, 11, 20)
}

/// The one place that drives the reader: header, catalog, then people to the end. Problems name
/// the file `name`.
pub fn read(name: &str, bytes: Vec<u8>, mapping: &CsvMapping) -> Result<Read, CsvError> {
    let mut reader = CsvReader::from_bytes(bytes, name, mapping, as_of())?;
    let header = reader.header().clone();
    let (catalog, problems) = reader.catalog();
    let mut problems: Vec<String> = problems.iter().map(ToString::to_string).collect();
    let mut people = Vec::new();
    for _ in 0..100_000 {
        match reader.next_person() {
            Ok(Some(person)) => people.push(person),
            Ok(None) => {
                assert_eq!(reader.next_person(), Ok(None), "the end stays the end");
                return Ok(Read {
                    header,
                    catalog,
                    people,
                    problems,
                    digest: reader.digest(),
                });
            }
            Err(list) => {
                assert!(!list.is_empty(), "an Err holds at least one problem");
                problems.extend(list.iter().map(ToString::to_string));
            }
        }
    }
    panic!("the reader did not end");
}

/// [`read`] over a CSV fixture with a mapping fixture.
pub fn read_fixture(name: &str, mapping_name: &str) -> Result<Read, CsvError> {
    read(name, fixture(name), &mapping(mapping_name))
}

/// `people` with every location cleared, to compare what two files state.
pub fn without_locations(people: &[PersonRecord]) -> Vec<PersonRecord> {
    people
        .iter()
        .cloned()
        .map(|mut p| {
            p.location = Location::default();
            for e in &mut p.employments {
                e.location = Location::default();
            }
            p
        })
        .collect()
}
