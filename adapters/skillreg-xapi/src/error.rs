//! Why statements cannot be fetched at all.

use skillreg_http::HttpError;

/// Why a mapping file cannot be used or an LRS cannot be read.
///
/// Statements that can be read but not used (an unknown actor, an unknown activity) are not
/// errors: [`XapiSnapshot`](crate::XapiSnapshot) reports them as warnings when it is finished.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum XapiError {
    /// The mapping file cannot be read.
    #[error("cannot read the xAPI mapping file {path}")]
    MappingFile {
        /// The path as given.
        path: String,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The mapping file is not valid.
    #[error("{file}: {message}")]
    Mapping {
        /// The file name (or `mapping` for text).
        file: String,
        /// What is wrong and where.
        message: String,
    },
    /// The configuration cannot be used (base URL, page limit, `since`).
    #[error("{0}")]
    Config(String),
    /// The LRS could not be asked, refused the credentials, or answered with an error.
    #[error("cannot read statements from the LRS")]
    Http(#[from] HttpError),
    /// The LRS answered something that is not an xAPI statement result.
    #[error("{url}: the LRS answered something that is not an xAPI statement result: {message}")]
    Response {
        /// The URL asked (without query).
        url: String,
        /// What is wrong.
        message: String,
    },
}
