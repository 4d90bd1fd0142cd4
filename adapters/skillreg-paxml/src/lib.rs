//! The PAXml adapter of skillreg: reads the personnel register of PAXml 2.x files, the open XML
//! format Swedish payroll and HR systems exchange personnel data in, into skillreg snapshots.
//!
//! # Brief overview
//! - [`PaxmlReader`] implements [`skillreg_core::Snapshot`] over a PAXml file: the header when
//!   made, the org units and occupations that occur in
//!   [`catalog`](skillreg_core::Snapshot::catalog), then one person per
//!   [`next_person`](skillreg_core::Snapshot::next_person), as a stream in bounded memory.
//!   Files in UTF-8 (with or without a byte order mark), ISO-8859-1 or windows-1252 come out
//!   as Unicode; a file that declares ISO-8859-1 but is UTF-8 is refused rather than stored
//!   garbled.
//! - [`PaxmlMapping`] is the mapping file: payroll cost centres and job title codes to the
//!   registry's org units and occupations, and where the file carries each person's manager.
//!   [`PaxmlOptions`] says whether people with unmapped codes are skipped or refuse the file.
//! - [`PaxmlError`]: why a file cannot be read at all.
//!
//! One `person` element is one employment. A person with two employments appears as two
//! `person` elements with different `anstid` only if the payroll system writes them so, and is
//! then two employees (two employee numbers) to the registry: the adapter does not guess that
//! they are one person.
//!
//! The personal identity number (`persnr`) is never read into any value, record or message.
//! Only where the mapping asks for the gender (`[gender] from = "persnr"`, for the equality
//! follow-up) is it looked at, in place, and the gender it carries is all that is kept.
//!
//! # Example
//! ```
//! use skillreg_core::Snapshot;
//! use skillreg_paxml::{PaxmlMapping, PaxmlOptions, PaxmlReader};
//!
//! let mapping = PaxmlMapping::parse(
//!     r#"
//!     [units]
//!     "5110" = "SOC-HT"
//!     [occupations]
//!     "USK02" = "USK"
//!     [manager]
//!     persontext = "CHEF"
//!     "#,
//!     "mapping.toml",
//! )?;
//! let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
//! <paxml>
//!   <header><version>2.0</version><datum>2026-11-20T01:30:00</datum></header>
//!   <resultatenheter><resultatenhet dim="1" id="5110" namn="Hemtjänst Centrum"/></resultatenheter>
//!   <personal>
//!     <person anstid="10023" persnr="198506212342">
//!       <fornamn>Anna</fornamn><efternamn>Lindqvist</efternamn>
//!       <befattningskod>USK02</befattningskod><anstdatum>2015-03-01</anstdatum>
//!       <sysgrad>75</sysgrad>
//!       <persontexter><text id="CHEF">10001</text></persontexter>
//!       <resenheter><resenhet dim="1" id="5110"/></resenheter>
//!     </person>
//!     <person anstid="10024">
//!       <fornamn>Mohammed</fornamn><efternamn>Al-Sayed</efternamn>
//!       <befattningskod>USK02</befattningskod><anstdatum>2021-08-15</anstdatum>
//!       <sysgrad>75,5</sysgrad>
//!       <resenheter><resenhet dim="1" id="5110"/></resenheter>
//!     </person>
//!   </personal>
//! </paxml>"#;
//! let options = PaxmlOptions::default();
//! let mut reader = PaxmlReader::from_bytes(xml.into(), "personal.pax", &mapping, options)?;
//! assert_eq!(reader.header().as_of.to_string(), "2026-11-20");
//!
//! let (catalog, problems) = reader.catalog();
//! assert!(problems.is_empty());
//! assert_eq!(catalog.catalog.units[0].name, "Hemtjänst Centrum");
//!
//! let anna = reader.next_person().ok().flatten().ok_or("expected Anna")?;
//! assert_eq!(anna.employments[0].unit, "SOC-HT");
//! assert_eq!(anna.employments[0].manager.as_deref(), Some("10001"));
//!
//! // A comma as decimal mark is reported where it is, and the reader goes on.
//! let problems = reader.next_person().err().ok_or("expected a problem")?;
//! assert_eq!(
//!     problems[0].to_string(),
//!     r#"personal.pax: line 16, column 7: <sysgrad>: sysgrad must be a percentage more than 0 and at most 100 (with . as decimal mark, not ,) (value "75,5")"#
//! );
//! assert_eq!(reader.next_person(), Ok(None));
//! assert!(reader.digest().is_some());
//! Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

mod error;
mod input;
mod mapping;
mod reader;
mod value;
mod xml;

pub use error::PaxmlError;
pub use mapping::{GenderFrom, GenderRule, ManagerRule, PaxmlMapping, PaxmlOptions};
pub use reader::{PaxmlReader, SOURCE};
