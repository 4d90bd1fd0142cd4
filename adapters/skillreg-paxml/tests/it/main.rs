//! Integration tests of the PAXml adapter over the fixtures in `fixtures/paxml/`.

mod fuzz;
mod garbage;
mod mapping;
mod plain;
mod problems;
mod sample;
mod sync;

use std::path::PathBuf;

use skillreg_core::{PersonRecord, Snapshot, SnapshotHeader, SourceCatalog, SourceEnd};
use skillreg_paxml::{PaxmlError, PaxmlMapping, PaxmlOptions, PaxmlReader};

/// Everything a reader yields, problems as the user sees them.
#[derive(Debug, Clone, PartialEq)]
pub struct Read {
    pub header: SnapshotHeader,
    pub catalog: SourceCatalog,
    pub people: Vec<PersonRecord>,
    pub problems: Vec<String>,
    pub end: SourceEnd,
    pub digest: Option<String>,
}

impl Read {
    /// The person with `employee_no`.
    pub fn person(&self, employee_no: &str) -> &PersonRecord {
        let found = self.people.iter().find(|p| p.employee_no == employee_no);
        found.unwrap_or_else(|| panic!("no person {employee_no}"))
    }

    /// The people, one line each (see [`person_line`]).
    pub fn lines(&self) -> Vec<String> {
        self.people.iter().map(person_line).collect()
    }
}

/// A person as one line: number, names, email, then the employment.
pub fn person_line(p: &PersonRecord) -> String {
    let employments: Vec<String> = p
        .employments
        .iter()
        .map(|e| {
            format!(
                "{} {} {}% {}..{} manager {} primary {}",
                e.unit,
                e.occupation,
                e.percent.map_or("-".to_string(), |p| p.to_string()),
                e.start,
                e.end.map_or(String::new(), |d| d.to_string()),
                e.manager.as_deref().unwrap_or("-"),
                e.primary,
            )
        })
        .collect();
    format!(
        "{} {} | {} | {} | {} | line {}",
        p.employee_no,
        p.given_name,
        p.family_name,
        p.email.as_deref().unwrap_or("-"),
        employments.join("; "),
        p.location.line.unwrap_or(0),
    )
}

pub fn fixture_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/paxml")
        .join(name)
}

pub fn fixture(name: &str) -> Vec<u8> {
    let path = fixture_path(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The sample mapping file.
pub fn sample_mapping() -> PaxmlMapping {
    PaxmlMapping::from_file(fixture_path("sample-mapping.toml"))
        .unwrap_or_else(|e| panic!("the sample mapping does not read: {e}"))
}

/// The one place that drives a reader: header, catalog, people to the end, then `finish`.
pub fn drive(mut reader: PaxmlReader) -> Read {
    let header = reader.header().clone();
    let (catalog, problems) = reader.catalog();
    let mut problems: Vec<String> = problems.iter().map(ToString::to_string).collect();
    let mut people = Vec::new();
    for _ in 0..10_000 {
        match reader.next_person() {
            Ok(Some(person)) => people.push(person),
            Ok(None) => {
                assert_eq!(reader.next_person(), Ok(None), "the end stays the end");
                let end = reader.finish();
                return Read {
                    header,
                    catalog,
                    people,
                    problems,
                    end,
                    digest: reader.digest(),
                };
            }
            Err(list) => {
                assert!(!list.is_empty(), "an Err holds at least one problem");
                problems.extend(list.iter().map(ToString::to_string));
            }
        }
    }
    panic!("the reader did not end");
}

/// Reads `bytes` as the file `name` with `mapping` and `options`.
pub fn read_with(
    name: &str,
    bytes: &[u8],
    mapping: &PaxmlMapping,
    options: PaxmlOptions,
) -> Result<Read, PaxmlError> {
    PaxmlReader::from_bytes(bytes.to_vec(), name, mapping, options).map(drive)
}

/// A fixture read with the sample mapping, problems naming the fixture's file name.
pub fn read_fixture(name: &str) -> Result<Read, PaxmlError> {
    read_with(
        name,
        &fixture(name),
        &sample_mapping(),
        PaxmlOptions::default(),
    )
}

/// The error of reading a fixture that must not open, as the user sees it.
pub fn open_error(name: &str) -> String {
    match read_fixture(name) {
        Ok(read) => panic!("{name} opened: {:?}", read.problems),
        Err(err) => err.to_string(),
    }
}
