//! Errors that stop a PAXml file or its mapping file from being read at all.

use std::io;

use skillreg_core::Problem;

/// Why a PAXml file (or the mapping file that goes with it) cannot be read.
///
/// Problems inside a file that can be read (a bad date, a missing `anstid`, codes the mapping
/// lacks) are not errors: [`PaxmlReader`](crate::PaxmlReader) reports them as [`Problem`]s and
/// keeps reading. This enum is for what comes before: the file cannot be opened, is not XML, is
/// not a PAXml 2.x file, or its header cannot be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PaxmlError {
    /// A file cannot be opened or read.
    #[error("cannot read {path}")]
    Open {
        /// The path as given.
        path: String,
        /// The cause.
        #[source]
        source: io::Error,
    },
    /// The file cannot be read (an I/O error while reading the header).
    #[error("{0}")]
    Read(Box<Problem>),
    /// The file is not well-formed XML (before or in the header) or is empty.
    #[error("{0}")]
    Malformed(Box<Problem>),
    /// The file is in an encoding other than UTF-8 or a single-byte one (ISO-8859-1,
    /// windows-1252 ...).
    #[error("{0}")]
    UnsupportedEncoding(Box<Problem>),
    /// The root element is not `paxml`.
    #[error("{0}")]
    WrongRoot(Box<Problem>),
    /// `header/version` is missing, not a version, or of a major version other than 2.
    #[error("{0}")]
    UnsupportedVersion(Box<Problem>),
    /// The header is missing or its `datum` is missing or bad.
    #[error("{0}")]
    InvalidHeader(Box<Problem>),
    /// The mapping file is not valid TOML or has an unknown key or a bad value.
    #[error("{0}")]
    Mapping(Box<Problem>),
}

impl PaxmlError {
    /// The problem behind the error, with its location (`None` for [`PaxmlError::Open`]).
    pub fn problem(&self) -> Option<&Problem> {
        match self {
            PaxmlError::Open { .. } => None,
            PaxmlError::Read(p)
            | PaxmlError::Malformed(p)
            | PaxmlError::UnsupportedEncoding(p)
            | PaxmlError::WrongRoot(p)
            | PaxmlError::UnsupportedVersion(p)
            | PaxmlError::InvalidHeader(p)
            | PaxmlError::Mapping(p) => Some(p),
        }
    }
}
