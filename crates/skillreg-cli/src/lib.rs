//! The jobs behind the `skillreg` command, callable from an embedding HR tool: sync a WLX export,
//! write the return file, apply a TOML catalog, and render reports as tables, JSON or CSV.
//!
//! # Brief overview
//! - [`sync_wlx_file`] / [`sync_wlx_bytes`]: the nightly sync.
//! - [`export_wlx_file`]: the return file to the HR system.
//! - [`read_catalog`] / [`apply_catalog_file`]: the declarative TOML catalog (read by
//!   [`skillreg_files`]).
//! - [`maturity`]: a maturity framework and its answers read from files, the report as text.
//! - [`SAMPLE_EXPORT`]: the shipped sample organisation (the demo's data).
//!
//! # Example
//! ```
//! use skillreg_core::sync::SyncConfig;
//! use skillreg_store::{BriefConfig, Registry};
//!
//! let mut registry = Registry::open_in_memory(skillreg_store::Actor::Hr)?;
//! skillreg_cli::sync_wlx_bytes(&mut registry, skillreg_cli::SAMPLE_EXPORT, "sample", &SyncConfig::default())?;
//! let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).ok_or("date")?;
//! let brief = registry.brief("10031", &BriefConfig::new(day))?;
//! let lifecare = brief.systems.iter().find(|s| s.standing.system == "LIFECARE").ok_or("no LIFECARE")?;
//! assert_eq!(lifecare.standing.gap, 1);
//! assert_eq!(lifecare.standing.recommended_courses, ["LC-HANDL"]);
//! Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

mod catalog_file;
pub mod csv_out;
pub mod hints;
mod jobs;
pub mod logging;
pub mod maturity;
pub mod nightly;
pub mod render;
pub mod rounds;
pub mod sources;

pub use catalog_file::{CatalogFileError, apply_catalog_file, parse_catalog, read_catalog};
pub use jobs::{
    JobError, WLX, check_output, export_wlx_file, export_wlx_file_if_any, return_records,
    sync_wlx_bytes, sync_wlx_file, write_atomically,
};

/// The shipped sample export (the organisation of docs/src/rules.md#worked-example).
pub const SAMPLE_EXPORT: &[u8] = include_bytes!("../../../fixtures/winlas/sample-export.xml");
