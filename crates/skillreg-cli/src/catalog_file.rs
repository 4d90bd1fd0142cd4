//! The declarative TOML catalog read from a file: systems and their levels, occupations, org
//! units, requirements, courses and the target groups of the roll-out. The parsing is
//! [`skillreg_files::parse_catalog`]; this reads the file and keeps the command line's error.
//!
//! ```toml
//! [[systems]]
//! code = "LIFECARE"
//! name = "Lifecare"
//! vendor = "Tieto"
//! levels = { 1 = "Loggar in", 2 = "Dokumenterar" }
//!
//! [[occupations]]
//! code = "USK"
//! name = "Undersköterska"
//!
//! [[units]]
//! id = "SOC"
//! name = "Socialförvaltningen"
//!
//! [[requirements]]
//! occupation = "USK"
//! system = "LIFECARE"
//! level = 2
//! unit = "SOC"          # optional: only this unit and the units below it
//!
//! [[courses]]
//! code = "LC-DOK"
//! name = "Dokumentation i Lifecare"
//! system = "LIFECARE"
//! grants = 2
//! valid_months = 24     # optional: the result expires
//! audience = ["USK", "SSK"]  # optional: the occupations it is made for (absent: everyone)
//!
//! [[groups]]                # a target group: mapped and trained together, phase by phase
//! code = "STEG1"
//! name = "Steg 1: omvårdnad"
//! occupations = ["USK", "SSK"]  # at least one; each a known occupation
//! units = ["SOC"]           # optional: only these units and the units below them (absent: all)
//! phase = 1                 # the stage of the roll-out, 1 first
//! ```
//!
//! Every group code is listed once; an unknown occupation or unit in a group refuses the whole
//! file, naming the line. Groups are kept when a later file or an HR export does not list them
//! (no HR export states groups); a file that lists a group again replaces it.

use std::path::Path;

use skillreg_core::SourceCatalog;

/// A catalog file that could not be read.
#[derive(Debug, thiserror::Error)]
pub enum CatalogFileError {
    /// The file could not be opened.
    #[error("cannot read catalog {file}")]
    Io {
        /// File name.
        file: String,
        /// Cause.
        #[source]
        source: std::io::Error,
    },
    /// The file is not a valid catalog.
    #[error("{file}: {message}")]
    Invalid {
        /// File name.
        file: String,
        /// What is wrong, with line and column.
        message: String,
    },
}

impl From<skillreg_files::Error> for CatalogFileError {
    fn from(e: skillreg_files::Error) -> CatalogFileError {
        match e {
            skillreg_files::Error::Invalid { file, message, .. } => {
                CatalogFileError::Invalid { file, message }
            }
            other => CatalogFileError::Invalid {
                file: String::new(),
                message: other.to_string(),
            },
        }
    }
}

/// Parses catalog TOML text; `file` names it in errors and locations
/// ([`skillreg_files::parse_catalog`]).
pub fn parse_catalog(text: &str, file: &str) -> Result<SourceCatalog, CatalogFileError> {
    Ok(skillreg_files::parse_catalog(text, file)?)
}

/// Reads and parses a catalog file.
pub fn read_catalog(path: &Path) -> Result<SourceCatalog, CatalogFileError> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| CatalogFileError::Io {
        file: file.clone(),
        source,
    })?;
    parse_catalog(&text, &file)
}

/// Reads the catalog file at `path` and applies it to the registry
/// ([`skillreg_files::apply_catalog`]): what changed. A file that does not read or parse is a
/// [`CatalogFileError`], one the registry refuses the store's error (every problem listed).
pub fn apply_catalog_file(
    registry: &mut skillreg_store::Registry,
    path: &Path,
) -> anyhow::Result<Vec<skillreg_core::sync::CatalogOp>> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| CatalogFileError::Io {
        file: file.clone(),
        source,
    })?;
    let how = skillreg_files::CatalogApply::default();
    match skillreg_files::apply_catalog(registry, &text, &file, &how) {
        Ok(ops) => Ok(ops),
        Err(skillreg_files::Error::Registry(e)) => Err(e.into()),
        Err(e) => Err(CatalogFileError::from(e).into()),
    }
}
