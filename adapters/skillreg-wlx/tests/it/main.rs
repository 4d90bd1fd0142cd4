//! Integration tests of the WLX adapter over the fixtures in `fixtures/winlas/`.

mod encodings;
mod export;
mod fuzz;
mod plain;
mod problems;
mod return_file;

use std::path::PathBuf;

use skillreg_core::{PersonRecord, Snapshot, SnapshotHeader, SourceCatalog};
use skillreg_wlx::{WlxError, WlxReader};

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
    /// The person with `employee_no`.
    pub fn person(&self, employee_no: &str) -> &PersonRecord {
        let found = self.people.iter().find(|p| p.employee_no == employee_no);
        found.unwrap_or_else(|| panic!("no person {employee_no}"))
    }

    /// The employee numbers read, in order.
    pub fn employee_nos(&self) -> Vec<&str> {
        self.people.iter().map(|p| p.employee_no.as_str()).collect()
    }
}

pub fn fixture_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/winlas")
        .join(name)
}

pub fn fixture(name: &str) -> Vec<u8> {
    let path = fixture_path(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The one place that drives the reader: header, catalog, then people to the end. Problems name
/// the file `name`.
pub fn read(name: &str, bytes: &[u8]) -> Result<Read, WlxError> {
    let mut reader = WlxReader::with_file_name(bytes, name)?;
    let header = reader.header().clone();
    let (catalog, problems) = reader.catalog();
    let mut problems: Vec<String> = problems.iter().map(ToString::to_string).collect();
    let mut people = Vec::new();
    for _ in 0..10_000 {
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

/// [`read`] over a fixture, problems naming the fixture's file name.
pub fn read_fixture(name: &str) -> Result<Read, WlxError> {
    read(name, &fixture(name))
}

/// [`read_fixture`] for a fixture that must be readable.
pub fn read_ok(name: &str) -> Read {
    read_fixture(name).unwrap_or_else(|e| panic!("{name}: {e}"))
}
