//! Errors that stop a CSV file (or its mapping file) from being read at all.

use std::io;

use skillreg_core::Problem;

/// Why a CSV file or its mapping file cannot be read.
///
/// Problems in rows that can be read (a bad date, a percent of 150, a row with too few fields)
/// are not errors: [`CsvReader`](crate::CsvReader) reports them as [`Problem`]s through
/// [`skillreg_core::Snapshot::next_person`]. This enum is for what comes before: a file that
/// cannot be opened, a mapping file that is not valid, a header that lacks a mapped column.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CsvError {
    /// A file (the CSV file or the mapping file) cannot be opened or read.
    #[error("cannot read {path}")]
    Open {
        /// The path as given.
        path: String,
        /// The cause.
        #[source]
        source: io::Error,
    },
    /// The mapping file is not valid: not TOML, an unknown key, a required column not named, a
    /// delimiter or encoding that cannot be used. The message names the key.
    #[error("{name}: {message}")]
    Mapping {
        /// The mapping file's name as given.
        name: String,
        /// What is wrong and what to do.
        message: String,
    },
    /// The CSV file's header cannot be used: the file is empty, its delimiter cannot be told,
    /// or a mapped column is missing or appears twice.
    #[error("{0}")]
    Header(Box<Problem>),
}

impl CsvError {
    /// The problems behind the error, with their locations (empty for [`CsvError::Open`] and
    /// [`CsvError::Mapping`]).
    pub fn problems(&self) -> &[Problem] {
        match self {
            CsvError::Open { .. } | CsvError::Mapping { .. } => &[],
            CsvError::Header(p) => std::slice::from_ref(&**p),
        }
    }
}
