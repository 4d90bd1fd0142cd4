//! The SCIM adapter of skillreg: pulls the Users of a SCIM 2.0 service provider (RFC 7643/7644),
//! such as the identity system an HR system provisions, and hands them to the sync engine as a
//! full snapshot of who works where.
//!
//! # Brief overview
//! - [`fetch`] reads every User from `{base_url}/Users` page by page (`startIndex`/`count`),
//!   asking only for the attributes the registry reads, through the shared HTTP client
//!   (timeouts, retries on 429/5xx honouring `Retry-After`, clear 401/403 errors, tokens never
//!   in messages). It stops rather than loop on a server whose paging does not add up.
//!   [`snapshot_from_pages`] does the same over answers already fetched (saved pages, tests).
//! - [`ScimSnapshot`] implements [`skillreg_core::Snapshot`]: source `scim`, kind full. Each
//!   active User becomes a person: employee number from the enterprise `employeeNumber`, names
//!   from `name.givenName`/`name.familyName`, the work email, one primary employment whose unit
//!   comes from an enterprise attribute (`department` by default) and occupation from `title`
//!   (both through the mapping file's tables), manager from the enterprise `manager.value`
//!   (another User's id, resolved to that User's employee number) and start day from
//!   `meta.created` or the attribute the mapping names. An inactive User is left out, so the
//!   engine terminates them; a User without an employee number is left out with a warning.
//!   Only where the mapping names a `gender_attribute` (with its `[gender]` table, for the
//!   equality follow-up) is the gender asked of the server and kept.
//! - [`ScimMapping`]: the mapping file (TOML), see its docs for the format.
//! - [`ScimError`]: why nothing could be read.
//!
//! An `employeeNumber` shaped like a Swedish personnummer or a Norwegian fødselsnummer is
//! refused (without repeating it), since the registry never stores national identity numbers.
//!
//! # Example
//! ```no_run
//! use chrono::NaiveDate;
//! use skillreg_core::Snapshot;
//! use skillreg_http::{Auth, Secret};
//! use skillreg_scim::{ScimConfig, ScimMapping, fetch};
//!
//! let config = ScimConfig::new(
//!     "https://idp.example.se/scim/v2",
//!     Auth::Bearer(Secret::from_env("SCIM_TOKEN")?),
//! );
//! let mapping = ScimMapping::parse(
//!     r#"
//!     unit_attribute = "costCenter"
//!     [units]
//!     "5110" = "SOC-HT"
//!     [occupations]
//!     "Undersköterska" = "USK"
//!     "#,
//! )?;
//! let mut snapshot = fetch(&config, &mapping, NaiveDate::from_ymd_opt(2026, 11, 20).ok_or("date")?)?;
//! let (catalog, problems) = snapshot.catalog();
//! println!("{} units, {} problems", catalog.catalog.units.len(), problems.len());
//! while let Some(person) = snapshot.next_person().map_err(|p| format!("{p:?}"))? {
//!     println!("{} {} {}", person.employee_no, person.given_name, person.family_name);
//! }
//! Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

mod error;
mod fetch;
mod mapping;
mod snapshot;
mod user;

pub use error::ScimError;
pub use fetch::{ScimConfig, fetch, snapshot_from_pages};
pub use mapping::{AttributePath, ENTERPRISE, ScimMapping, UnitAttribute};
pub use snapshot::{SOURCE, ScimSnapshot};
