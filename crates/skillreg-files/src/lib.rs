//! The registry's own input files: the catalog TOML, a round's answers table and a maturity
//! measurement's answers table, read from bytes or text and applied to a
//! [`skillreg_store::Registry`].
//!
//! The command line (`skillreg catalog apply`, `skillreg round import`, `skillreg maturity
//! import`) reads these files from disk and the web service takes them as request bodies; both
//! hand the bytes here with a name for the messages (the file's path, or the request's
//! `X-Filename`), so that the same file gives the same changes and the same problems either
//! way. Nothing here opens a file or reads the clock: the day is an argument.
//!
//! - [`catalog`]: [`parse_catalog`] and [`apply_catalog`] (with a dry run and a precondition on
//!   the catalog as it stands).
//! - [`rounds`]: [`rounds::read_answers`] and [`rounds::import_answers`].
//! - [`maturity`]: [`maturity::read_answers`] and [`maturity::import_answers`].
//!
//! Every refusal names the file, line, row and value of each problem; any problem refuses the
//! whole file and nothing is written.
//!
//! # Example
//! ```
//! let mut registry = skillreg_testkit::sample_registry();
//! let text = "[[systems]]\ncode = \"INTRA\"\nname = \"Intranet\"\n";
//! let how = skillreg_files::CatalogApply::default();
//! let ops = skillreg_files::apply_catalog(&mut registry, text, "intra.toml", &how)?;
//! assert_eq!(ops.len(), 1);
//! // The same file again changes nothing.
//! assert!(skillreg_files::apply_catalog(&mut registry, text, "intra.toml", &how)?.is_empty());
//! Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

pub mod catalog;
pub mod maturity;
pub mod rounds;
mod table;

pub use catalog::{CatalogApply, apply_catalog, parse_catalog};

/// Why a file was not read or not applied.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file is not of the expected form (TOML syntax, an unknown key, a wrong type).
    #[error("{file}: {message}")]
    Invalid {
        /// The file's name, as given.
        file: String,
        /// The 1-based line where the problem is, when known.
        line: Option<u64>,
        /// The 1-based column, when known.
        column: Option<u64>,
        /// What is wrong (with line and column, as the TOML reader says it).
        message: String,
    },
    /// The catalog is no longer the one the caller expected
    /// ([`CatalogApply::unchanged_since`]); nothing was written.
    #[error("the catalog changed since it was read; nothing was written")]
    Changed,
    /// The registry refused the file ([`skillreg_store::Error::Refused`], every problem with
    /// file, line and value, also for rows that do not read) or failed.
    #[error(transparent)]
    Registry(#[from] skillreg_store::Error),
}

impl Error {
    /// The problems of a refused file (empty for another error).
    pub fn problems(&self) -> &[skillreg_core::Problem] {
        match self {
            Error::Registry(skillreg_store::Error::Refused { problems, .. }) => problems,
            _ => &[],
        }
    }
}
