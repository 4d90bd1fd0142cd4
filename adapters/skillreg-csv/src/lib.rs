//! The HR CSV adapter of skillreg: reads a CSV export of an HR or payroll system, one row per
//! employment, through a mapping file that says which column holds which registry field.
//!
//! # Brief overview
//! - [`CsvMapping`]: the mapping file (TOML): columns, delimiter and encoding, and the tables
//!   that translate the HR system's unit and occupation codes to the registry's.
//! - [`CsvReader`] implements [`skillreg_core::Snapshot`] over one CSV file: the rows of each
//!   person (by employee number) become one [`skillreg_core::PersonRecord`], the units and
//!   occupations that occur become the catalog. Only mapped columns are read.
//! - [`CsvError`]: why a file cannot be read at all (cannot be opened, a bad mapping file, a
//!   header without a mapped column).
//!
//! # Example
//! ```
//! use chrono::NaiveDate;
//! use skillreg_core::Snapshot;
//! use skillreg_csv::{CsvMapping, CsvReader};
//!
//! let mapping = CsvMapping::parse(
//!     r#"
//!     [columns]
//!     employee_no = "Anst.nr"
//!     given_name = "Förnamn"
//!     family_name = "Efternamn"
//!     unit = "Enhet"
//!     occupation = "Befattningskod"
//!     start = "Startdatum"
//!     percent = "Sysselsättningsgrad"
//!     "#,
//!     "mapping.toml",
//! )?;
//! let csv = "Anst.nr;Förnamn;Efternamn;Personnummer;Enhet;Befattningskod;Startdatum;Sysselsättningsgrad\n\
//!            10023;Anna;Lindqvist;(not read);SOC-HT;USK;2015-03-01;75\n\
//!            10024;Mohammed;Al-Sayed;(not read);SOC-HT;USK;15.08.2021;150\n";
//! let as_of = NaiveDate::from_ymd_opt(2026, 11, 20).ok_or("bad date")?;
//! let mut reader = CsvReader::from_bytes(csv.as_bytes().to_vec(), "hr.csv", &mapping, as_of)?;
//! assert_eq!(reader.header().as_of, as_of);
//!
//! let (catalog, _) = reader.catalog();
//! assert_eq!(catalog.catalog.units[0].id, "SOC-HT");
//!
//! let anna = reader.next_person().map_err(|p| format!("{p:?}"))?.ok_or("no person")?;
//! assert_eq!(anna.employments[0].percent, Some(75));
//! assert!(anna.employments[0].primary);
//!
//! // A percent of 150 is reported with file, row, column and value.
//! let problems = reader.next_person().err().ok_or("expected a problem")?;
//! assert_eq!(
//!     problems[0].to_string(),
//!     r#"hr.csv: line 3: <Sysselsättningsgrad>: percent must be a percentage 1-100, e.g. 75, 75,5 or 75 % (value "150")"#
//! );
//! assert_eq!(reader.next_person(), Ok(None));
//! Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

mod error;
mod mapping;
mod reader;
mod row;
mod value;

pub use error::CsvError;
pub use mapping::CsvMapping;
pub use reader::{CsvReader, SOURCE};

/// The text handling of the reader, for other CSV files the registry reads (such as the answers
/// of a self-assessment round): encoding, delimiter and field decoding, told the same way.
pub mod text {
    pub use crate::reader::{detect_delimiter, prepare};
    pub use crate::row::decode;
    pub use encoding_rs::Encoding;
}
