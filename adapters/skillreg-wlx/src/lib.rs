//! The WLX adapter of skillreg: reads Winlas-like competence exports (format WLX 1.x, whose
//! contract is docs/src/formats/wlx.md) and writes the return files that send new competence records
//! back to the HR system.
//!
//! # Brief overview
//! - [`WlxReader`] implements [`skillreg_core::Snapshot`] over any [`std::io::BufRead`]: it reads
//!   the header when constructed, the catalog sections in `catalog()`, then one person per
//!   `next_person()`, as a stream in bounded memory. Files in UTF-8 (with or without a byte order
//!   mark), ISO-8859-1 or windows-1252 come out as Unicode. Problems in records are reported with
//!   file, line, column (in characters), element and value; checks between records (unknown
//!   units, duplicate employee numbers, org unit cycles) are left to the sync engine.
//! - [`write_return_file`] and [`read_return_file`] write and read the return file, made of
//!   [`ReturnRecord`]s.
//! - [`WlxError`]: why a file cannot be read at all (not XML, wrong root, major version not 1,
//!   bad `exportedAt`).
//!
//! # Example
//! ```
//! use skillreg_core::Snapshot;
//! use skillreg_wlx::WlxReader;
//!
//! let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
//! <WinlasExport formatVersion="1.2" exportedAt="2026-11-20T02:00:00+01:00">
//!   <Systems><System code="LIFECARE" name="Lifecare"/></Systems>
//!   <Persons>
//!     <Person employeeNo="10023">
//!       <GivenName>Anna</GivenName>
//!       <FamilyName>Lindqvist &amp; Ek</FamilyName>
//!       <Employment unit="SOC-HT" occupation="USK" start="2015-03-01" end=""/>
//!       <Competence system="LIFECARE" level="7" source="self" date="2026-09-14"/>
//!     </Person>
//!   </Persons>
//! </WinlasExport>"#;
//! let mut reader = WlxReader::with_file_name(xml.as_bytes(), "export.xml")?;
//! assert_eq!(reader.header().as_of.to_string(), "2026-11-20");
//!
//! let (catalog, problems) = reader.catalog();
//! assert_eq!(catalog.catalog.systems[0].code, "LIFECARE");
//! assert!(problems.is_empty());
//!
//! // The level of 7 is reported where it is, and the reader goes on.
//! let problems = reader.next_person().err().ok_or("expected a problem")?;
//! assert_eq!(
//!     problems[0].to_string(),
//!     r#"export.xml: line 9, column 7: <Competence>: level must be 1-4 (value "7")"#
//! );
//! assert_eq!(reader.next_person(), Ok(None));
//! assert!(reader.digest().is_some());
//! Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

mod error;
mod export;
mod plain;
mod return_file;
mod track;
mod value;
mod xml;

pub use error::WlxError;
pub use export::{SOURCE, WlxReader};
pub use return_file::{ReturnFile, ReturnRecord, read_return_file, write_return_file};
