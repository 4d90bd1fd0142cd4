//! Errors that stop a SCIM snapshot from being taken at all.

use std::io;

use skillreg_http::HttpError;

/// Why no snapshot could be taken from a SCIM service, or a mapping file cannot be used.
///
/// Problems in single Users (a missing name, an unknown manager) are not errors: the snapshot
/// reports them as [`skillreg_core::Problem`]s. No message carries a token or a password.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ScimError {
    /// The mapping file cannot be read.
    #[error("cannot read the mapping file {path}")]
    MappingRead {
        /// The path as given.
        path: String,
        /// The cause.
        #[source]
        source: io::Error,
    },
    /// The mapping file is not valid TOML of the expected shape.
    #[error("mapping file {file}: {message}")]
    Mapping {
        /// The file name as given (`(text)` for [`ScimMapping::parse`](crate::ScimMapping::parse)).
        file: String,
        /// What is wrong, where.
        message: String,
    },
    /// The configuration cannot be used (a base URL with user info or a query string).
    #[error("{0}")]
    Config(String),
    /// The HTTP request failed: the server is unreachable, refused the credentials (401/403),
    /// kept answering 429/5xx, or answered something other than JSON.
    #[error("cannot read Users from the SCIM service")]
    Http(#[from] HttpError),
    /// The server's pages do not add up: it announced more users than it gave (an empty page
    /// came early, or users came twice because the list changed while it was read). Since a
    /// full snapshot terminates everyone it lacks, an incomplete one is refused.
    #[error(
        "{url}: the server announced {announced} users (totalResults) but gave {received} distinct ones by startIndex {start_index}; an incomplete list would terminate the missing people, so nothing was read: try again, and check the server's paging if it persists"
    )]
    Incomplete {
        /// The Users endpoint.
        url: String,
        /// `totalResults` as last announced.
        announced: u64,
        /// Distinct users received.
        received: u64,
        /// Where reading stopped.
        start_index: u64,
    },
    /// A page held only users already read: the server ignores `startIndex`.
    #[error(
        "{url}: the page at startIndex {start_index} held only users already read; the server does not page by startIndex as SCIM asks, so the list cannot be read completely"
    )]
    Stalled {
        /// The Users endpoint.
        url: String,
        /// The page's start index.
        start_index: u64,
    },
    /// The server kept giving new pages beyond any plausible number of users.
    #[error("{url}: more than {limit} users; the server's paging does not end")]
    TooMany {
        /// The Users endpoint.
        url: String,
        /// The limit that was passed.
        limit: u64,
    },
}
