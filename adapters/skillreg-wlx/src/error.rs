//! Errors that stop a WLX file from being read at all.

use std::io;

use skillreg_core::Problem;

/// Why a WLX export or return file cannot be read.
///
/// Problems inside an export that can be read (a bad level, a missing attribute) are not errors:
/// [`WlxReader`](crate::WlxReader) reports them as [`Problem`]s and keeps reading. This enum is
/// for what comes before: the file cannot be opened, is not XML, or is not a WLX 1.x file.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WlxError {
    /// The file cannot be opened.
    #[error("cannot open {path}")]
    Open {
        /// The path as given.
        path: String,
        /// The cause.
        #[source]
        source: io::Error,
    },
    /// The file cannot be read (an I/O error before the root element was read).
    #[error("{0}")]
    Read(Box<Problem>),
    /// The file is not well-formed XML (before or at the root element) or is empty.
    #[error("{0}")]
    Malformed(Box<Problem>),
    /// The file is in an encoding other than UTF-8, ISO-8859-1 or windows-1252.
    #[error("{0}")]
    UnsupportedEncoding(Box<Problem>),
    /// The root element is not the one expected (`WinlasExport` or `WinlasImport`).
    #[error("{0}")]
    WrongRoot(Box<Problem>),
    /// `formatVersion` is missing, not a version, or of a major version other than 1.
    #[error("{0}")]
    UnsupportedVersion(Box<Problem>),
    /// Another attribute of the root element is missing or bad (`exportedAt`, `kind`,
    /// `createdAt`, `since`).
    #[error("{0}")]
    InvalidHeader(Box<Problem>),
    /// A return file has problems (all are listed).
    #[error("{}", summary(.0))]
    InvalidReturnFile(Vec<Problem>),
}

impl WlxError {
    /// The problems behind the error, with their locations (empty for [`WlxError::Open`]).
    pub fn problems(&self) -> &[Problem] {
        match self {
            WlxError::Open { .. } => &[],
            WlxError::Read(p)
            | WlxError::Malformed(p)
            | WlxError::UnsupportedEncoding(p)
            | WlxError::WrongRoot(p)
            | WlxError::UnsupportedVersion(p)
            | WlxError::InvalidHeader(p) => std::slice::from_ref(&**p),
            WlxError::InvalidReturnFile(list) => list,
        }
    }
}

fn summary(problems: &[Problem]) -> String {
    match problems {
        [] => "the return file is invalid".to_string(),
        [one] => one.to_string(),
        [first, rest @ ..] => format!("{first} (and {} more)", rest.len()),
    }
}
